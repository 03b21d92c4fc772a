using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Independent brute-force reference in double precision (written from the metric definitions, not from the product code).</summary>
public static class ReferenceSearch
{
    public static double Score(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> vector)
    {
        double dot = 0, qq = 0, vv = 0, squared = 0;
        for (int i = 0; i < query.Length; i++)
        {
            dot += query[i] * (double)vector[i];
            qq += query[i] * (double)query[i];
            vv += vector[i] * (double)vector[i];
            double d = query[i] - (double)vector[i];
            squared += d * d;
        }

        return metric switch
        {
            VectorMetric.Cosine => dot / Math.Sqrt(qq * vv),
            VectorMetric.DotProduct => dot,
            _ => -Math.Sqrt(squared),
        };
    }

    public static (string Id, double Score)[] Top(IEnumerable<VectorRecord> records, VectorMetric metric, ReadOnlySpan<float> query, int top, Func<VectorRecord, bool>? keep = null)
    {
        var scored = new List<(string Id, double Score)>();
        foreach (var record in records)
        {
            if (keep is null || keep(record))
            {
                scored.Add((record.Id, Score(metric, query, record.Vector.Span)));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Take(top).ToArray();
    }

    public static float[][] RandomVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new float[dimensions];
            for (int d = 0; d < dimensions; d++)
            {
                vectors[i][d] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return vectors;
    }
}
