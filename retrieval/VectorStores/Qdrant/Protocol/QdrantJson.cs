using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Serializer settings matching Qdrant's REST API: snake_case properties, absent rather than null optionals.</summary>
internal static class QdrantJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
