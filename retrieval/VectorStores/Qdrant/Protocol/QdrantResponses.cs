using System.Text.Json;

namespace AgentRec.Retrieval.VectorStores;

// Response bodies of Qdrant's REST API, only the fields AgentRec reads.

/// <summary>Envelope of every answer: <c>{"result": ..., "status": "ok" | {"error": "..."}, "time": s}</c>.</summary>
internal sealed record QdrantEnvelope<T>(T? Result, JsonElement? Status);

internal sealed record CollectionInfo(string? Status, long? PointsCount, CollectionConfig? Config);

internal sealed record CollectionConfig(CollectionParams? Params);

/// <summary><c>vectors</c> is one <c>{size, distance}</c> object, or a map of named vectors (not used by AgentRec).</summary>
internal sealed record CollectionParams(JsonElement? Vectors);

internal sealed record QueryResponse(List<ScoredPoint> Points);

internal sealed record ScoredPoint(JsonElement Id, float Score, Dictionary<string, JsonElement>? Payload);

internal sealed record PointRecord(JsonElement Id, Dictionary<string, JsonElement>? Payload, JsonElement? Vector);

internal sealed record CountResult(long Count);

internal sealed record ScrollResult(List<PointRecord> Points, JsonElement? NextPageOffset);

internal sealed record SnapshotDescription(string Name, long? Size);
