using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentRec.Retrieval.VectorStores;

// Request bodies of Qdrant's REST API (https://api.qdrant.tech/api-reference), only the fields AgentRec sends.
// Property names become snake_case through QdrantJson.Options.

/// <summary>PUT /collections/{c}.</summary>
internal sealed record CreateCollectionRequest(VectorParams Vectors, HnswConfig HnswConfig);

internal sealed record VectorParams(int Size, string Distance);

internal sealed record HnswConfig(int M, int EfConstruct);

/// <summary>PUT /collections/{c}/points.</summary>
internal sealed record UpsertPointsRequest(IReadOnlyList<QdrantPoint> Points);

internal sealed record QdrantPoint(string Id, float[] Vector, IReadOnlyDictionary<string, object?> Payload);

/// <summary>POST /collections/{c}/points/query (and each entry of /query/batch).</summary>
internal sealed record QueryRequest(float[] Query, int Limit, JsonObject? Filter, bool WithPayload, SearchParams? Params);

internal sealed record SearchParams(int? HnswEf);

/// <summary>POST /collections/{c}/points/query/batch.</summary>
internal sealed record QueryBatchRequest(IReadOnlyList<QueryRequest> Searches);

/// <summary>POST /collections/{c}/points (retrieve by ids).</summary>
internal sealed record RetrieveRequest(IReadOnlyList<string> Ids, bool WithPayload, bool WithVector);

/// <summary>POST /collections/{c}/points/delete.</summary>
internal sealed record DeletePointsRequest(IReadOnlyList<string> Points);

/// <summary>POST /collections/{c}/points/count.</summary>
internal sealed record CountRequest(JsonObject? Filter, bool Exact);

/// <summary>POST /collections/{c}/points/scroll.</summary>
internal sealed record ScrollRequest(JsonObject? Filter, int Limit, JsonElement? Offset, bool WithPayload, bool WithVector);

/// <summary>PUT /collections/{c}/index.</summary>
internal sealed record PayloadIndexRequest(string FieldName, string FieldSchema);
