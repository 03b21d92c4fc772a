namespace AgentRec.Retrieval.VectorStores;

/// <summary>Type of a Qdrant payload index (<see cref="QdrantVectorIndex.CreatePayloadIndexAsync"/>): speeds up filters on that field.</summary>
public enum QdrantPayloadSchema
{
    Keyword,
    Integer,
    Float,
    Bool,
}
