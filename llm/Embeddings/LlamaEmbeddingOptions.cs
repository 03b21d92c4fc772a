using AgentRec.Llm.Runtime;

namespace AgentRec.Llm.Embeddings;

/// <summary>Options of <see cref="LlamaEmbeddingGenerator"/>.</summary>
public sealed record LlamaEmbeddingOptions
{
    /// <summary>Scale each vector to unit L2 length (cosine similarity becomes a dot product).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Pooling of token states; Unspecified = the model's own (mean for decoder-only models without one).</summary>
    public LlamaPooling Pooling { get; init; } = LlamaPooling.Mean;

    /// <summary>Tokens per decode call; a longer text is truncated to this many tokens.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Texts embedded together in one decode call.</summary>
    public int MaxSequences { get; init; } = 16;

    /// <summary>Model id reported in metadata; null = the GGUF's name.</summary>
    public string? ModelId { get; init; }
}
