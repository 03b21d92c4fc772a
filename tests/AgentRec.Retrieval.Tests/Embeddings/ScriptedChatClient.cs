using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.Embeddings;

/// <summary>A chat client that records each request and answers with a delegate.</summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> answer) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = [.. messages];
        lock (Requests)
        {
            Requests.Add(request);
            Options.Add(options);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(request))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Summaries do not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
