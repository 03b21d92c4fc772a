using System.Text.Json;
using System.Text.Json.Nodes;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Bench.Vectors;

/// <summary>Outcome of <see cref="VectorSearchBenchmark.RunAsync"/>. QPS maps a search thread count to queries per second.</summary>
public sealed record VectorBenchmarkResult
{
    public required int Count { get; init; }

    public required int Dimensions { get; init; }

    public required int Queries { get; init; }

    public required VectorMetric Metric { get; init; }

    public required int M { get; init; }

    public required int EfConstruction { get; init; }

    public required int EfSearch { get; init; }

    public required int BuildThreads { get; init; }

    /// <summary>Mean share of the exact top 10 that HNSW returned, at <see cref="EfSearch"/>.</summary>
    public required double RecallAt10 { get; init; }

    public required IReadOnlyDictionary<int, double> HnswQps { get; init; }

    public required IReadOnlyDictionary<int, double> ExactQps { get; init; }

    /// <summary>Wall time to insert every vector into the HNSW graph.</summary>
    public required double BuildSeconds { get; init; }

    /// <summary>Bytes the HNSW index holds for vectors and links.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Growth of the managed heap across the build (vectors, links, ids, payload slots).</summary>
    public required long HeapGrowthBytes { get; init; }

    public IReadOnlyList<VectorBenchmarkSweepPoint> EfSweep { get; init; } = [];

    /// <summary>hnswlib's figures on the same data, when the peer ran.</summary>
    public VectorPeerResult? Peer { get; init; }

    /// <summary>One JSON line: <c>recall_at_10</c>, <c>hnsw_qps</c>, <c>exact_qps</c>, <c>build_s</c> and the run's settings.</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["recall_at_10"] = Math.Round(RecallAt10, 4),
            ["hnsw_qps"] = PerThread(HnswQps),
            ["exact_qps"] = PerThread(ExactQps),
            ["build_s"] = Math.Round(BuildSeconds, 2),
            ["memory_bytes"] = MemoryBytes,
            ["heap_growth_bytes"] = HeapGrowthBytes,
            ["count"] = Count,
            ["dim"] = Dimensions,
            ["queries"] = Queries,
            ["metric"] = Metric.ToString().ToLowerInvariant(),
            ["m"] = M,
            ["ef_construction"] = EfConstruction,
            ["ef_search"] = EfSearch,
            ["build_threads"] = BuildThreads,
            ["ef_sweep"] = new JsonArray(EfSweep
                .Select(p => (JsonNode)new JsonObject { ["ef"] = p.EfSearch, ["recall_at_10"] = Math.Round(p.RecallAt10, 4), ["qps"] = Math.Round(p.Qps, 1) })
                .ToArray()),
        };
        if (Peer is not null)
        {
            json["peer"] = new JsonObject
            {
                ["name"] = Peer.Name,
                ["build_s"] = Math.Round(Peer.BuildSeconds, 2),
                ["points"] = new JsonArray(Peer.Points
                    .Select(p => (JsonNode)new JsonObject { ["ef"] = p.EfSearch, ["recall_at_10"] = Math.Round(p.RecallAt10, 4), ["qps"] = Math.Round(p.Qps, 1) })
                    .ToArray()),
            };
        }

        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject PerThread(IReadOnlyDictionary<int, double> qps)
    {
        var json = new JsonObject();
        foreach (var (threads, value) in qps.OrderBy(p => p.Key))
        {
            json[threads.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Math.Round(value, 1);
        }

        return json;
    }
}
