namespace AgentRec.Retrieval.VectorStores;

/// <summary>Options of <see cref="ExactVectorIndex"/>.</summary>
public sealed record ExactIndexOptions
{
    /// <summary>Threads serving one batch search (parallel over queries); 0 means one per processor.</summary>
    public int SearchParallelism { get; init; }

    internal void Validate() => ArgumentOutOfRangeException.ThrowIfNegative(SearchParallelism);
}
