using System.Runtime.CompilerServices;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Brute-force top-k over contiguous rows, filtering during the scan (used by the exact index and HNSW's filtered fallback).</summary>
internal static class ExactScan
{
    // Hot loop: optimise fully at first call; tiered/PGO code measured slower here.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Score, int Row)[] TopK(
        ReadOnlySpan<float> query,
        float[] vectors,
        int dimensions,
        int rows,
        VectorMetric metric,
        int k,
        Func<int, bool>? accept,
        Func<int, string> idOf)
    {
        var collector = new TopKCollector(k, idOf);
        for (int row = 0; row < rows; row++)
        {
            if (accept is not null && !accept(row))
            {
                continue;
            }

            float score = VectorMath.Score(metric, query, new ReadOnlySpan<float>(vectors, row * dimensions, dimensions));
            if (score >= collector.Threshold)
            {
                collector.Offer(score, row);
            }
        }

        return collector.ToSortedArray();
    }
}
