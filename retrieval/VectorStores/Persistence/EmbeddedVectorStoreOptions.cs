namespace AgentRec.Retrieval.VectorStores;

/// <summary>What a new <see cref="EmbeddedVectorStore"/> holds; stored in the file, so reopening needs only the path.</summary>
public sealed record EmbeddedVectorStoreOptions
{
    public required string Name { get; init; }

    public required int Dimensions { get; init; }

    public VectorMetric Metric { get; init; } = VectorMetric.Cosine;

    public EmbeddedIndexKind Index { get; init; } = EmbeddedIndexKind.Hnsw;

    /// <summary>Used when <see cref="Index"/> is <see cref="EmbeddedIndexKind.Hnsw"/>.</summary>
    public HnswOptions Hnsw { get; init; } = new();

    /// <summary>Used when <see cref="Index"/> is <see cref="EmbeddedIndexKind.Exact"/>.</summary>
    public ExactIndexOptions Exact { get; init; } = new();
}
