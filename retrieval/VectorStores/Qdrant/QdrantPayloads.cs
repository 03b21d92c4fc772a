using System.Collections.ObjectModel;
using System.Text.Json;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Maps payloads between AgentRec's value types and Qdrant's JSON, carrying the original record id.</summary>
internal static class QdrantPayloads
{
    /// <summary>Payload field holding the caller's record id (point ids are derived UUIDs).</summary>
    public const string IdField = "_agentrec_id";

    public static IReadOnlyDictionary<string, object?> ToQdrant(string id, IReadOnlyDictionary<string, object?>? payload)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (payload is not null)
        {
            foreach (var (key, value) in payload)
            {
                if (key == IdField)
                {
                    throw new ArgumentException($"Record '{id}': payload field '{IdField}' is reserved for the record id.");
                }

                body[key] = value;
            }
        }

        body[IdField] = id;
        return body;
    }

    /// <summary>Splits a stored payload into the record id and the caller's fields (null when there are none).</summary>
    public static (string? Id, IReadOnlyDictionary<string, object?>? Payload) FromQdrant(Dictionary<string, JsonElement>? json)
    {
        if (json is null)
        {
            return (null, null);
        }

        string? id = null;
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, element) in json)
        {
            if (key == IdField && element.ValueKind == JsonValueKind.String)
            {
                id = element.GetString();
                continue;
            }

            payload[key] = Value(element);
        }

        return (id, payload.Count == 0 ? null : new ReadOnlyDictionary<string, object?>(payload));
    }

    /// <summary>
    /// JSON → payload value. Integers come back as long and other numbers as double (so a double stored as 3.0 reads
    /// back as the integer 3: JSON keeps no distinction). Values outside AgentRec's types (objects, mixed arrays,
    /// written by other clients) are kept as their raw JSON text.
    /// </summary>
    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out long integer) ? (object)integer : element.GetDouble(),
        JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            => element.EnumerateArray().Select(e => e.GetString()!).ToArray(),
        _ => element.GetRawText(),
    };
}
