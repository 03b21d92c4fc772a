using System.Numerics.Tensors;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Validation, normalisation and scoring shared by every backend.</summary>
internal static class VectorMath
{
    /// <summary>Higher-is-better score of a stored row against a (prepared) query.</summary>
    public static float Score(VectorMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> row)
        => metric == VectorMetric.Euclidean ? -TensorPrimitives.Distance(query, row) : TensorPrimitives.Dot(query, row);

    /// <summary>Checks and copies records; cosine vectors are normalised here, once. Last record per id wins.</summary>
    public static IReadOnlyList<PreparedRecord> Prepare(IReadOnlyList<VectorRecord> records, int dimensions, VectorMetric metric)
    {
        ArgumentNullException.ThrowIfNull(records);
        var byId = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        var prepared = new List<PreparedRecord?>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            VectorRecord record = records[i] ?? throw new ArgumentException($"Record at index {i} is null.", nameof(records));
            if (string.IsNullOrEmpty(record.Id))
            {
                throw new ArgumentException($"Record at index {i} has an empty id.", nameof(records));
            }

            float[] vector = PrepareVector(record.Vector.Span, dimensions, metric, $"Record '{record.Id}' (index {i})");
            var item = new PreparedRecord(record.Id, vector, PayloadValues.Normalize(record.Payload, record.Id));
            if (byId.TryGetValue(record.Id, out int earlier))
            {
                prepared[earlier] = null;
            }

            byId[record.Id] = prepared.Count;
            prepared.Add(item);
        }

        return prepared.Where(p => p is not null).ToArray()!;
    }

    /// <summary>Checks a query (or record) vector and returns a copy ready for scoring.</summary>
    public static float[] PrepareVector(ReadOnlySpan<float> vector, int dimensions, VectorMetric metric, string what)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"{what}: vector has {vector.Length} dimensions, the index has {dimensions}.");
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"{what}: vector element {i} is {vector[i]}; only finite values are allowed.");
            }
        }

        float[] copy = vector.ToArray();
        if (metric == VectorMetric.Cosine)
        {
            float norm = TensorPrimitives.Norm(copy);
            if (!(norm > 0f) || !float.IsFinite(norm))
            {
                throw new ArgumentException($"{what}: a zero vector has no direction, so it cannot be used with cosine similarity.");
            }

            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    public static void CheckTop(int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
    }
}
