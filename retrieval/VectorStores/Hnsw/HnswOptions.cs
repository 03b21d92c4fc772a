namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Parameters of <see cref="HnswVectorIndex"/> (Malkov &amp; Yashunin, "Efficient and robust approximate nearest
/// neighbor search using Hierarchical Navigable Small World graphs", arXiv 1603.09320). Defaults follow Qdrant's.
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Links per node on the upper layers; layer 0 keeps up to 2·M. Level multiplier mL = 1/ln M.</summary>
    public int M { get; init; } = 16;

    /// <summary>Beam width while inserting: larger builds a better graph, more slowly.</summary>
    public int EfConstruction { get; init; } = 100;

    /// <summary>Default beam width while searching (at least <c>top</c> is used); can be set per query.</summary>
    public int EfSearch { get; init; } = 64;

    /// <summary>Seeds the level draw. With <see cref="BuildParallelism"/> 1 the same inserts give the same graph.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads inserting one upsert batch. Above 1 the graph depends on thread timing (not reproducible).</summary>
    public int BuildParallelism { get; init; } = 1;

    /// <summary>Threads serving one batch search; 0 means one per processor.</summary>
    public int SearchParallelism { get; init; }

    /// <summary>
    /// When the estimated share of live records passing a filter is below this, search scans the matching records
    /// exactly instead of walking the graph (a graph walk with a very selective filter visits most of the graph anyway).
    /// </summary>
    public double FilterExactThreshold { get; init; } = 0.1;

    internal void Validate()
    {
        if (M < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(M), M, "HNSW M must be at least 2.");
        }

        if (M > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(M), M, "HNSW M above 512 is not supported.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EfConstruction);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EfSearch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BuildParallelism);
        ArgumentOutOfRangeException.ThrowIfNegative(SearchParallelism);
        if (!(FilterExactThreshold >= 0 && FilterExactThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FilterExactThreshold), FilterExactThreshold, "Must be within [0, 1].");
        }
    }
}
