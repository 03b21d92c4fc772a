namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// What a VectorData collection needs from its index, read from the record definition: the collection name, the
/// vector property's dimensions, the metric its distance function maps to, and the index kind it asks for
/// (<c>IndexKind.Flat</c> = <see cref="EmbeddedIndexKind.Exact"/>, <c>IndexKind.Hnsw</c> = <see cref="EmbeddedIndexKind.Hnsw"/>,
/// null = the backend's default).
/// </summary>
public sealed record VectorIndexSpec
{
    public VectorIndexSpec(string name, int dimensions, VectorMetric metric, EmbeddedIndexKind? index = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        if (index is EmbeddedIndexKind kind && !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(index), kind, "Unknown index kind.");
        }

        Name = name;
        Dimensions = dimensions;
        Metric = metric;
        Index = index;
    }

    public string Name { get; }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    /// <summary>The index kind the record definition asks for; null leaves the choice to the backend.</summary>
    public EmbeddedIndexKind? Index { get; }

    /// <summary>Whether <paramref name="index"/> can serve this spec (same dimensions and metric).</summary>
    public bool IsMetBy(IVectorIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.Dimensions == Dimensions && index.Metric == Metric;
    }
}
