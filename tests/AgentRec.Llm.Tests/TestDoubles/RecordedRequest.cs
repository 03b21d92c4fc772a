using System.Text.Json.Nodes;

namespace AgentRec.Llm.Tests.TestDoubles;

/// <summary>One HTTP request as <see cref="FakeOpenAIServer"/> received it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string Body)
{
    /// <summary>The body parsed as JSON (every OpenAI request body is a JSON object).</summary>
    public JsonObject Json => JsonNode.Parse(Body)?.AsObject()
        ?? throw new InvalidOperationException($"Request to {Uri} has no JSON body: '{Body}'.");

    public bool IsChatCompletion => Uri.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal);

    public bool IsEmbeddings => Uri.AbsolutePath.EndsWith("/embeddings", StringComparison.Ordinal);
}
