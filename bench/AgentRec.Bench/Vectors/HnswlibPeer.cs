using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Bench.Vectors;

/// <summary>hnswlib (C++ reference HNSW, through hnswlib-node 3.0.0) on the same vectors, queries and exact answers.</summary>
internal static class HnswlibPeer
{
    public static async Task<VectorPeerResult> RunAsync(
        ReadOnlyMemory<float> data, ReadOnlyMemory<float> queries, int[] truth, VectorBenchmarkOptions options, IReadOnlyList<int> efs, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"agentrec-hnswlib-peer-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "base.f32"), MemoryMarshal.AsBytes(data.Span).ToArray(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(folder, "queries.f32"), MemoryMarshal.AsBytes(queries.Span).ToArray(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(folder, "truth.i32"), MemoryMarshal.AsBytes(truth.AsSpan()).ToArray(), cancellationToken).ConfigureAwait(false);
            var meta = new
            {
                count = options.Count,
                dim = options.Dimensions,
                queryCount = options.Queries,
                m = options.M,
                efConstruction = options.EfConstruction,
                efs,
                seed = options.Seed,
                space = options.Metric switch { VectorMetric.Cosine => "cosine", VectorMetric.Euclidean => "l2", _ => "ip" },
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "meta.json"), JsonSerializer.Serialize(meta), cancellationToken).ConfigureAwait(false);
            var line = await NodePeer.RunAsync("hnswlib-node", cancellationToken, folder).ConfigureAwait(false);
            using var json = JsonDocument.Parse(line);
            var points = json.RootElement.GetProperty("points").EnumerateArray()
                .Select(p => new VectorBenchmarkSweepPoint(p.GetProperty("ef").GetInt32(), p.GetProperty("recall_at_10").GetDouble(), p.GetProperty("qps").GetDouble()))
                .ToList();
            return new VectorPeerResult("hnswlib-node@3.0.0", json.RootElement.GetProperty("build_s").GetDouble(), points);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
