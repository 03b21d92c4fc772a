namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// One vector with its caller-chosen id and optional payload. Payload values must be
/// <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <c>string[]</c>
/// (smaller integer and float types are widened; anything else is rejected at upsert).
/// </summary>
/// <remarks>For <see cref="VectorMetric.Cosine"/> indexes store (and return) the unit-normalised vector.</remarks>
public sealed record VectorRecord(string Id, ReadOnlyMemory<float> Vector, IReadOnlyDictionary<string, object?>? Payload = null);
