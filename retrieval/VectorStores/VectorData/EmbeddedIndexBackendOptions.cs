namespace AgentRec.Retrieval.VectorStores;

/// <summary>How an <see cref="EmbeddedIndexBackend"/> creates the store files of new collections.</summary>
public sealed record EmbeddedIndexBackendOptions
{
    /// <summary>Index kind for collections whose definition names none.</summary>
    public EmbeddedIndexKind DefaultIndex { get; init; } = EmbeddedIndexKind.Hnsw;

    public HnswOptions Hnsw { get; init; } = new();

    public ExactIndexOptions Exact { get; init; } = new();
}
