using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>A record with an integer key and a float[] vector in squared Euclidean space, of four dimensions.</summary>
public sealed class Rating
{
    [VectorStoreKey]
    public long UserId { get; set; }

    [VectorStoreData]
    public short Stars { get; set; }

    [VectorStoreVector(4, DistanceFunction = DistanceFunction.EuclideanSquaredDistance, IndexKind = IndexKind.Flat)]
    public float[]? Taste { get; set; }
}
