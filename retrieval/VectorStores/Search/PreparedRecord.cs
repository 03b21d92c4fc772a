namespace AgentRec.Retrieval.VectorStores;

/// <summary>A validated record: own copy of the vector (normalised for cosine) and a normalised payload.</summary>
internal sealed record PreparedRecord(string Id, float[] Vector, IReadOnlyDictionary<string, object?>? Payload);
