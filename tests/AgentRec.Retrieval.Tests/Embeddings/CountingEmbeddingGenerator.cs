using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.Embeddings;

/// <summary>An embedding generator that records every batch it is asked for; vectors come from a delegate.</summary>
internal sealed class CountingEmbeddingGenerator(Func<string, float[]> embed, string? modelId = "counting-model") : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<string[]> Calls { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] texts = [.. values];
        Calls.Add(texts);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(embed(t)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId, 3) : null;

    public void Dispose()
    {
    }

    /// <summary>A deterministic 3-d vector from a text's length and characters.</summary>
    public static float[] Features(string text) => [text.Length, text.Count(char.IsUpper), text.Count(c => c == ' ') + 1];
}
