using System.Diagnostics;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Bench.Vectors;

/// <summary>
/// HNSW against exact search on one data set: build time and memory of the graph, queries per second of both
/// indexes per thread count, and recall@10 of HNSW against the exact answers. Backs <c>agentrec bench vectors</c>.
/// </summary>
public static class VectorSearchBenchmark
{
    private const int Top = 10;
    private const int BuildChunk = 5000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public static async Task<VectorBenchmarkResult> RunAsync(VectorBenchmarkOptions options, IProgress<VectorBenchmarkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int dimensions = options.Dimensions;

        progress?.Report(new VectorBenchmarkProgress("generate", 0));
        var (data, queryData) = Vectors(options);
        var records = new VectorRecord[options.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = new VectorRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), data.Slice(i * dimensions, dimensions));
        }

        var queries = new ReadOnlyMemory<float>[options.Queries];
        for (int i = 0; i < queries.Length; i++)
        {
            queries[i] = queryData.Slice(i * dimensions, dimensions);
        }

        progress?.Report(new VectorBenchmarkProgress("generate", 1));

        await using var exact = new ExactVectorIndex("exact", dimensions, options.Metric);
        await exact.UpsertAsync(records, cancellationToken).ConfigureAwait(false);

        var hnswOptions = new HnswOptions
        {
            M = options.M,
            EfConstruction = options.EfConstruction,
            EfSearch = options.EfSearch,
            Seed = options.Seed,
            BuildParallelism = options.BuildThreads,
        };
        await using var hnsw = new HnswVectorIndex("hnsw", dimensions, options.Metric, hnswOptions);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < records.Length; start += BuildChunk)
        {
            var chunk = records.AsMemory(start, Math.Min(BuildChunk, records.Length - start)).ToArray();
            await hnsw.UpsertAsync(chunk, cancellationToken).ConfigureAwait(false);
            progress?.Report(new VectorBenchmarkProgress("build", (double)(start + chunk.Length) / records.Length));
        }

        double buildSeconds = clock.Elapsed.TotalSeconds;
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        var exactQps = new SortedDictionary<int, double>();
        IReadOnlyList<VectorMatch>[]? truth = null;
        foreach (int threads in options.Threads.Distinct().Order())
        {
            var (qps, answers) = Measure(queries, threads, q => exact.SearchAsync(q, Top, null, cancellationToken).Result, cancellationToken);
            exactQps[threads] = qps;
            truth ??= answers;
            progress?.Report(new VectorBenchmarkProgress("exact", 1));
        }

        var hnswQps = new SortedDictionary<int, double>();
        double recall = 0;
        foreach (int threads in options.Threads.Distinct().Order())
        {
            var (qps, answers) = Measure(queries, threads, q => hnsw.SearchAsync(q, Top, null, options.EfSearch, cancellationToken).Result, cancellationToken);
            hnswQps[threads] = qps;
            recall = Recall(truth!, answers);
            progress?.Report(new VectorBenchmarkProgress("hnsw", 1));
        }

        var sweep = new List<VectorBenchmarkSweepPoint>();
        int sweepThreads = options.Threads.Max();
        foreach (int ef in options.EfSearchSweep)
        {
            var (qps, answers) = Measure(queries, sweepThreads, q => hnsw.SearchAsync(q, Top, null, ef, cancellationToken).Result, cancellationToken);
            sweep.Add(new VectorBenchmarkSweepPoint(ef, Recall(truth!, answers), qps));
            progress?.Report(new VectorBenchmarkProgress("sweep", (double)sweep.Count / options.EfSearchSweep.Count));
        }

        VectorPeerResult? peer = null;
        if (options.RunPeer)
        {
            progress?.Report(new VectorBenchmarkProgress("hnswlib peer", 0));
            var truthIds = truth!.SelectMany(t => t.Take(Top).Select(m => int.Parse(m.Id, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            peer = await HnswlibPeer.RunAsync(data, queryData, truthIds, options, [options.EfSearch, .. options.EfSearchSweep.Where(e => e != options.EfSearch)], cancellationToken).ConfigureAwait(false);
            progress?.Report(new VectorBenchmarkProgress("hnswlib peer", 1));
        }

        return new VectorBenchmarkResult
        {
            Peer = peer,
            Count = options.Count,
            Dimensions = dimensions,
            Queries = options.Queries,
            Metric = options.Metric,
            M = options.M,
            EfConstruction = options.EfConstruction,
            EfSearch = options.EfSearch,
            BuildThreads = options.BuildThreads,
            RecallAt10 = recall,
            HnswQps = hnswQps,
            ExactQps = exactQps,
            BuildSeconds = buildSeconds,
            MemoryBytes = hnsw.MemoryBytes,
            HeapGrowthBytes = heapGrowth,
            EfSweep = sweep,
        };
    }

    /// <summary>
    /// Runs every query once on <paramref name="threads"/> threads and returns queries per second. A second of
    /// warm-up first lets tiered JIT promote the search loop to optimised code, which would otherwise be timed at tier 0.
    /// </summary>
    private static (double Qps, IReadOnlyList<VectorMatch>[] Answers) Measure(
        ReadOnlyMemory<float>[] queries,
        int threads,
        Func<ReadOnlyMemory<float>, IReadOnlyList<VectorMatch>> search,
        CancellationToken cancellationToken)
    {
        var warmup = Stopwatch.StartNew();
        for (int i = 0; warmup.Elapsed < Warmup; i = (i + 1) % queries.Length)
        {
            search(queries[i]);
        }

        var answers = new IReadOnlyList<VectorMatch>[queries.Length];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i => answers[i] = search(queries[i]));
        return (queries.Length / clock.Elapsed.TotalSeconds, answers);
    }

    private static double Recall(IReadOnlyList<VectorMatch>[] truth, IReadOnlyList<VectorMatch>[] found)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            var expected = truth[i].Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            sum += found[i].Count(m => expected.Contains(m.Id)) / (double)Math.Max(1, expected.Count);
        }

        return sum / truth.Length;
    }

    private static (ReadOnlyMemory<float> Data, ReadOnlyMemory<float> Queries) Vectors(VectorBenchmarkOptions options)
    {
        long baseLength = (long)options.Count * options.Dimensions;
        if (options.Data is { } data)
        {
            return options.QueryData is { } queries
                ? (data, queries)
                : (data[..(int)baseLength], data[(int)baseLength..]);
        }

        var random = new Random(options.Seed);
        var generated = new float[checked((int)(baseLength + ((long)options.Queries * options.Dimensions)))];
        for (int i = 0; i < generated.Length; i += 2)
        {
            // Box–Muller: two independent standard normals per pair of uniforms.
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            generated[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < generated.Length)
            {
                generated[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }

        return (generated.AsMemory(0, (int)baseLength), generated.AsMemory((int)baseLength));
    }
}
