using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>
/// A deterministic bag-of-words embedder: every lower-cased word adds weight to two dimensions chosen by a stable hash,
/// so equal texts embed equally and texts sharing words are close. Counts its calls so batching can be checked.
/// </summary>
public sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 8;

    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (string word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261;
            foreach (char c in word)
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % Dimensions] += 1f;
            vector[(hash >> 8) % Dimensions] += 0.5f;
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(text => new Embedding<float>(Embed(text)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
