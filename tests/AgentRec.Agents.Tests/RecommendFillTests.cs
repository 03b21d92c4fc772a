using System.Runtime.CompilerServices;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Tests;

public sealed class RecommendFillTests
{
    [Fact]
    public async Task A_recommend_left_short_by_repeated_ids_is_filled_with_the_best_unnamed_candidates()
    {
        var search = await AgentFixtures.SearchAsync();
        // A JSON-Schema style client (no grammar) that names the second candidate twice.
        var client = new PromptedClient(prompt => $"Recommend[{CandidateList.Parse(prompt).Select(c => c.Id).ElementAt(1)}, {CandidateList.Parse(prompt).Select(c => c.Id).ElementAt(1)}]");
        var agent = new LlmRecommenderAgent(client, search, options: new LlmAgentOptions { Candidates = 6, Constraint = ActionConstraint.Grammar });
        var turn = await agent.RespondAsync(new AgentSession("fill"), new UserTurn(UserActionKind.Open, "A funny animated movie about toys."));

        string[] listed = [.. CandidateList.Parse(client.LastPrompt!).Select(c => c.Id)];
        Assert.Equal(AgentActionKind.Recommend, turn.Action);
        Assert.Equal([listed[1], listed[0], listed[2]], turn.ItemIds);
        Assert.Equal(2, agent.Statistics.ItemsFilledIn);
        Assert.Equal(0, agent.Statistics.UnknownItemsDropped);
    }

    private sealed class PromptedClient(Func<string, string> answer) : IChatClient
    {
        public string? LastPrompt { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            LastPrompt = messages.First(m => m.Role == ChatRole.System).Text;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(LastPrompt))));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
