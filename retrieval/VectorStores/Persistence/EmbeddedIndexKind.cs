namespace AgentRec.Retrieval.VectorStores;

/// <summary>Which in-memory index an <see cref="EmbeddedVectorStore"/> keeps (and persists).</summary>
public enum EmbeddedIndexKind
{
    /// <summary>Brute force: exact results, cost linear in the record count. Fine up to ~100k vectors for batch work.</summary>
    Exact,

    /// <summary>Approximate HNSW graph; the graph itself is persisted so reopening does not rebuild it.</summary>
    Hnsw,
}
