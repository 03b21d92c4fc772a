using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>A catalog item as an application would declare it for VectorData: one property of every supported kind.</summary>
public sealed class Product
{
    public const int Dimensions = 8;

    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData]
    public string Category { get; set; } = "";

    [VectorStoreData]
    public int Year { get; set; }

    [VectorStoreData]
    public double Price { get; set; }

    [VectorStoreData]
    public float Rating { get; set; }

    [VectorStoreData]
    public bool InStock { get; set; }

    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    [VectorStoreData(StorageName = "title")]
    public string? Title { get; set; }

    [VectorStoreVector(Dimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}
