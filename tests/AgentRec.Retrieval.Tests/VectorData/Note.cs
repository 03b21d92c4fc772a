using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>A record whose vector property holds text: the collection's embedding generator turns it into the vector.</summary>
public sealed class Note
{
    [VectorStoreKey]
    public Guid Id { get; set; }

    [VectorStoreData]
    public string Text { get; set; } = "";

    [VectorStoreVector(FakeEmbeddingGenerator.Dimensions)]
    public string? Embedding { get; set; }
}
