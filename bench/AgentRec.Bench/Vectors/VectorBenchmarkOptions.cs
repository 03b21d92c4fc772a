using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Bench.Vectors;

/// <summary>
/// What <see cref="VectorSearchBenchmark"/> measures. Without <see cref="Data"/> the vectors are standard-normal
/// random (seeded), the hard case for graph indexes: no clusters, full intrinsic dimension.
/// </summary>
public sealed record VectorBenchmarkOptions
{
    /// <summary>Vectors indexed.</summary>
    public int Count { get; init; } = 100_000;

    public int Dimensions { get; init; } = 384;

    /// <summary>Queries timed (and scored for recall against the exact answers).</summary>
    public int Queries { get; init; } = 1000;

    /// <summary>Search thread counts to time, each giving one QPS figure per index.</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];

    /// <summary>Threads inserting into the HNSW graph (above 1 the build is not reproducible).</summary>
    public int BuildThreads { get; init; } = 2;

    public int M { get; init; } = 16;

    public int EfConstruction { get; init; } = 100;

    public int EfSearch { get; init; } = 64;

    /// <summary>Extra beam widths to report recall and QPS for (at the largest thread count), for tuning.</summary>
    public IReadOnlyList<int> EfSearchSweep { get; init; } = [];

    public int Seed { get; init; } = 42;

    /// <summary>Also run hnswlib (via hnswlib-node, needs npm) on the same data at ef_search and the sweep values.</summary>
    public bool RunPeer { get; init; }

    public VectorMetric Metric { get; init; } = VectorMetric.Cosine;

    /// <summary>
    /// Row-major vectors to use instead of random ones. With <see cref="QueryData"/> it holds exactly
    /// <see cref="Count"/> rows; without, <see cref="Count"/> + <see cref="Queries"/> rows and the last
    /// <see cref="Queries"/> rows are held out as queries.
    /// </summary>
    public ReadOnlyMemory<float>? Data { get; init; }

    /// <summary>Row-major queries (<see cref="Queries"/> rows) to go with <see cref="Data"/>.</summary>
    public ReadOnlyMemory<float>? QueryData { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Queries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BuildThreads);
        ArgumentNullException.ThrowIfNull(Threads);
        if (Threads.Count == 0 || Threads.Any(t => t <= 0))
        {
            throw new ArgumentException("Threads must list at least one positive thread count.", nameof(Threads));
        }

        if (EfSearchSweep.Any(ef => ef <= 0))
        {
            throw new ArgumentException("EfSearchSweep values must be positive.", nameof(EfSearchSweep));
        }

        if (QueryData is { } queries && queries.Length != (long)Queries * Dimensions)
        {
            throw new ArgumentException($"QueryData holds {queries.Length} floats; {Queries} queries × {Dimensions} dimensions need {(long)Queries * Dimensions}.", nameof(QueryData));
        }

        if (Data is { } data)
        {
            long rows = QueryData is null ? (long)Count + Queries : Count;
            if (data.Length != rows * Dimensions)
            {
                throw new ArgumentException(
                    $"Data holds {data.Length} floats; {rows} rows × {Dimensions} dimensions need {rows * Dimensions}" +
                    (QueryData is null ? " (Count rows to index, then Queries rows held out as queries)." : "."),
                    nameof(Data));
            }
        }
        else if (QueryData is not null)
        {
            throw new ArgumentException("QueryData needs Data.", nameof(QueryData));
        }
    }
}
