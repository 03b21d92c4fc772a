using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Remote;

/// <summary>
/// Fails loudly when the server returns embeddings of another size than configured. llama-server ignores the
/// <c>dimensions</c> field, and a silently wrong size would only surface later as a corrupt vector index.
/// </summary>
internal sealed class DimensionCheckingEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int expectedDimensions, string modelName)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);

        // A per-call Dimensions overrides the configured size, so that is what the answer must match.
        var expected = options?.Dimensions ?? expectedDimensions;
        for (var i = 0; i < embeddings.Count; i++)
        {
            if (embeddings[i].Vector.Length != expected)
            {
                throw new InvalidOperationException(
                    $"Embedding server returned a {embeddings[i].Vector.Length}-dimensional vector for input {i} of model " +
                    $"'{modelName}', but {RemoteModelOptions.SectionName}:{nameof(RemoteModelOptions.EmbeddingDimensions)} " +
                    $"asks for {expected}. The server or model does not support shortened embeddings: unset the option or set it to the model's size.");
            }
        }

        return embeddings;
    }
}
