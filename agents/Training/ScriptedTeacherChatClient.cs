using System.Runtime.CompilerServices;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Protocol;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Training;

/// <summary>
/// A scripted "model" that answers the recommendation agent's prompts with protocol actions: the stronger
/// configuration whose trajectories a small model is first fine-tuned on (ECPO's SGPT step) when no large
/// chat model is available. It reads the prompt the way a model would have to — the candidate list and the
/// user's latest words — and
/// <list type="bullet">
/// <item>asks a clarifying question when the user has said almost nothing yet or no candidate is listed;</item>
/// <item>otherwise recommends the top candidates, which are ranked by the agent's retrieval (and history) tools.</item>
/// </list>
/// Phrasing varies with <see cref="ChatOptions.Seed"/>; the same prompt and seed give the same output.
/// </summary>
public sealed class ScriptedTeacherChatClient(int itemsPerTurn = 3) : IChatClient
{
    private static readonly string[] Questions =
    [
        "What kind of movie are you in the mood for?",
        "Which genre do you enjoy most?",
        "Is there a film you loved recently that I could go on?",
        "Do you prefer something light and funny or something more serious?",
        "Any favourite actors or directors?",
    ];

    private static readonly string[] Vague = ["hi", "hello", "hey", "anything", "something", "recommend", "movie", "movies", "please", "me", "a", "an", "good", "some"];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var all = messages.ToList();
        var action = Decide(all, options?.Seed ?? 0);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, action.ToString()) { FinishReason = ChatFinishReason.Stop };
    }

    /// <summary>The action for a prompt (system message with candidates, then the conversation).</summary>
    public AgentAction Decide(IReadOnlyList<ChatMessage> messages, long seed)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? string.Empty;
        var candidates = CandidateList.Parse(system);
        var userTurns = messages.Count(m => m.Role == ChatRole.User);
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var words = lastUser.Split([' ', ',', '.', '!', '?', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Count(w => !Vague.Contains(w.ToLowerInvariant()));
        if (candidates.Count == 0 || (userTurns == 1 && words < 2))
        {
            var question = Questions[(int)((ulong)(seed + userTurns) % (ulong)Questions.Length)];
            return new AgentAction(AgentActionKind.Ask, question, []);
        }

        return AgentAction.Recommend([.. candidates.Take(itemsPerTurn).Select(c => c.Id)]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted-teacher") : null;

    public void Dispose()
    {
    }
}
