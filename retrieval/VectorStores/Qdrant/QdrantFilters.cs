using System.Text.Json.Nodes;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Translates a <see cref="VectorFilter"/> into Qdrant's filter JSON: And/Or/Not become <c>must</c>/<c>should</c>/
/// <c>must_not</c> (nested filters are valid conditions), equality and In become <c>match.value</c>/<c>match.any</c>,
/// ranges become <c>range</c>. Qdrant matches only keywords, integers and booleans, so equality with a double is
/// sent as the closed range [v, v] (the same numeric equality the embedded indexes apply).
/// </summary>
internal static class QdrantFilters
{
    public static JsonObject? Translate(VectorFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        JsonObject condition = Condition(filter);

        // The top level must be a filter object, not a bare field condition.
        return filter is AndFilter or OrFilter or NotFilter ? condition : new JsonObject { ["must"] = new JsonArray(condition) };
    }

    private static JsonObject Condition(VectorFilter filter) => filter switch
    {
        FieldEqualsFilter { Value: double number } eq => Range(eq.Field, null, number, null, number),
        FieldEqualsFilter eq => new JsonObject
        {
            ["key"] = eq.Field,
            ["match"] = new JsonObject { ["value"] = Scalar(eq.Value) },
        },
        FieldInFilter inFilter => new JsonObject
        {
            ["key"] = inFilter.Field,
            ["match"] = new JsonObject { ["any"] = new JsonArray(inFilter.Values.Select(Scalar).ToArray()) },
        },
        FieldRangeFilter range => Range(range.Field, range.GreaterThan, range.GreaterOrEqual, range.LessThan, range.LessOrEqual),
        AndFilter and => new JsonObject { ["must"] = new JsonArray(and.Operands.Select(o => (JsonNode)Condition(o)).ToArray()) },
        OrFilter or => new JsonObject { ["should"] = new JsonArray(or.Operands.Select(o => (JsonNode)Condition(o)).ToArray()) },
        NotFilter not => new JsonObject { ["must_not"] = new JsonArray(Condition(not.Operand)) },
        _ => throw new NotSupportedException($"Filter type {filter.GetType().Name} cannot be sent to Qdrant."),
    };

    private static JsonObject Range(string field, double? gt, double? gte, double? lt, double? lte)
    {
        var range = new JsonObject();
        Add(range, "gt", gt);
        Add(range, "gte", gte);
        Add(range, "lt", lt);
        Add(range, "lte", lte);
        return new JsonObject { ["key"] = field, ["range"] = range };
    }

    private static void Add(JsonObject range, string name, double? bound)
    {
        if (bound is double value)
        {
            range[name] = value;
        }
    }

    private static JsonNode? Scalar(object value) => value switch
    {
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        _ => throw new NotSupportedException($"Filter value of type {value.GetType().Name} cannot be sent to Qdrant."),
    };
}
