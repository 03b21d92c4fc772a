namespace AgentRec.Retrieval.VectorStores;

/// <summary>A search hit; <paramref name="Score"/> is higher-is-better for every <see cref="VectorMetric"/>.</summary>
public sealed record VectorMatch(string Id, float Score, IReadOnlyDictionary<string, object?>? Payload);
