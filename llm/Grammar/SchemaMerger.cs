using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Merges schemas that must all hold (<c>allOf</c>, or <c>$ref</c>/<c>anyOf</c> with sibling keywords) into
/// one schema the grammar compiler can read. Keywords it cannot combine exactly throw
/// <see cref="NotSupportedException"/> naming the path.
/// </summary>
internal static class SchemaMerger
{
    private const int MaxDepth = 32;

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$anchor", "$dynamicAnchor", "$defs", "definitions", "title", "description",
        "default", "examples", "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding",
    };

    private static readonly HashSet<string> Minimums = new(StringComparer.Ordinal) { "minLength", "minItems", "minProperties", "minimum" };
    private static readonly HashSet<string> Maximums = new(StringComparer.Ordinal) { "maxLength", "maxItems", "maxProperties", "maximum" };

    public static bool IsAnnotation(string keyword) => Annotations.Contains(keyword);

    /// <summary>The conjunction of <paramref name="parts"/> as one schema.</summary>
    public static JsonElement Merge(SchemaDocument doc, IEnumerable<JsonElement> parts, string path)
    {
        var merged = new JsonObject();
        foreach (var part in parts)
        {
            merged = MergeTwo(merged, Normalize(doc, part, path, 0), path);
        }

        return JsonSerializer.SerializeToElement(merged);
    }

    // Inlines $ref and allOf at the top of a schema so that only plain keywords are left to merge.
    private static JsonObject Normalize(SchemaDocument doc, JsonElement schema, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"The schema at '{path}' nests $ref/allOf too deeply (a reference cycle that consumes no input?).");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return [];
            case JsonValueKind.False:
                throw new NotSupportedException($"The schema at '{path}' combines with 'false', so no value can satisfy it.");
            case JsonValueKind.Object:
                break;
            default:
                throw new ArgumentException($"Invalid schema at '{path}': expected an object or boolean but found {schema.ValueKind}.");
        }

        var node = JsonSerializer.SerializeToNode(schema)!.AsObject();
        if (node.Remove("$ref", out var reference))
        {
            var (target, pointer) = doc.Resolve(reference!.GetValue<string>(), path);
            node = MergeTwo(Normalize(doc, target, pointer, depth + 1), node, path);
        }

        if (node.Remove("allOf", out var allOf))
        {
            int i = 0;
            foreach (var part in allOf!.AsArray())
            {
                var partElement = JsonSerializer.SerializeToElement(part);
                node = MergeTwo(node, Normalize(doc, partElement, $"{path}/allOf/{i++}", depth + 1), path);
            }
        }

        return node;
    }

    private static JsonObject MergeTwo(JsonObject a, JsonObject b, string path)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (key, vb) in b)
        {
            if (!result.TryGetPropertyValue(key, out var va))
            {
                result[key] = vb?.DeepClone();
                continue;
            }

            result[key] = MergeKeyword(key, va, vb, path);
        }

        ReconcileProperties(result, a, b, path);
        return result;
    }

    private static JsonNode? MergeKeyword(string key, JsonNode? va, JsonNode? vb, string path)
    {
        if (JsonNode.DeepEquals(va, vb) || Annotations.Contains(key))
        {
            return va?.DeepClone();
        }

        if (Minimums.Contains(key) || key == "exclusiveMinimum" && IsNumber(va) && IsNumber(vb))
        {
            return va!.GetValue<decimal>() >= vb!.GetValue<decimal>() ? va.DeepClone() : vb.DeepClone();
        }

        if (Maximums.Contains(key) || key == "exclusiveMaximum" && IsNumber(va) && IsNumber(vb))
        {
            return va!.GetValue<decimal>() <= vb!.GetValue<decimal>() ? va.DeepClone() : vb.DeepClone();
        }

        switch (key)
        {
            case "type":
                var types = TypeSet(va).Intersect(TypeSet(vb)).ToList();
                if (TypeSet(va).Contains("integer") && TypeSet(vb).Contains("number") || TypeSet(va).Contains("number") && TypeSet(vb).Contains("integer"))
                {
                    types.Add("integer");
                }

                types = types.Distinct().ToList();
                if (types.Count == 0)
                {
                    throw new NotSupportedException($"The allOf at '{path}' requires types {va!.ToJsonString()} and {vb!.ToJsonString()} at once, which no value has.");
                }

                return types.Count == 1 ? JsonValue.Create(types[0]) : new JsonArray(types.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            case "required":
                return new JsonArray(va!.AsArray().Concat(vb!.AsArray()).Select(n => n!.GetValue<string>()).Distinct()
                    .Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
            case "properties":
                var props = (JsonObject)va!.DeepClone();
                foreach (var (name, schema) in vb!.AsObject())
                {
                    props[name] = props.TryGetPropertyValue(name, out var existing) && !JsonNode.DeepEquals(existing, schema)
                        ? AllOf(existing, schema)
                        : schema?.DeepClone();
                }

                return props;
            case "additionalProperties" or "items" or "additionalItems":
                if (va is JsonValue fa && fa.GetValueKind() == JsonValueKind.False || vb is JsonValue fb && fb.GetValueKind() == JsonValueKind.False)
                {
                    return JsonValue.Create(false);
                }

                if (va is JsonValue ta && ta.GetValueKind() == JsonValueKind.True)
                {
                    return vb?.DeepClone();
                }

                if (vb is JsonValue tb && tb.GetValueKind() == JsonValueKind.True)
                {
                    return va?.DeepClone();
                }

                if (va is JsonArray || vb is JsonArray)
                {
                    break;
                }

                return AllOf(va, vb);
            case "enum":
                var common = va!.AsArray().Where(x => vb!.AsArray().Any(y => JsonNode.DeepEquals(x, y))).Select(x => x?.DeepClone()).ToArray();
                if (common.Length == 0)
                {
                    throw new NotSupportedException($"The allOf at '{path}' has enums with no value in common.");
                }

                return new JsonArray(common);
        }

        throw new NotSupportedException($"The allOf at '{path}' combines two different '{key}' values ({Short(va)} and {Short(vb)}); that combination is not supported.");
    }

    // An object must satisfy both sides' additionalProperties: a side that forbids (or constrains) extra
    // names also rules on the properties only the other side declares.
    private static void ReconcileProperties(JsonObject result, JsonObject a, JsonObject b, string path)
    {
        if (result["properties"] is not JsonObject props)
        {
            return;
        }

        var required = result["required"] is JsonArray r ? r.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var side in new[] { a, b })
        {
            if (!side.TryGetPropertyValue("additionalProperties", out var extra) || extra is JsonValue t && t.GetValueKind() == JsonValueKind.True)
            {
                continue;
            }

            var declared = side["properties"] as JsonObject;
            foreach (var name in props.Select(p => p.Key).ToList())
            {
                if (declared?.ContainsKey(name) == true)
                {
                    continue;
                }

                if (extra is JsonValue f && f.GetValueKind() == JsonValueKind.False)
                {
                    if (required.Contains(name))
                    {
                        throw new NotSupportedException($"The allOf at '{path}' requires property \"{name}\" that one part forbids (additionalProperties: false).");
                    }

                    props.Remove(name);
                }
                else
                {
                    props[name] = AllOf(props[name], extra);
                }
            }
        }
    }

    private static JsonObject AllOf(JsonNode? x, JsonNode? y) => new() { ["allOf"] = new JsonArray(x?.DeepClone(), y?.DeepClone()) };

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    private static IEnumerable<string> TypeSet(JsonNode? type) => type switch
    {
        JsonArray array => array.Select(t => t!.GetValue<string>()),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private static string Short(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length <= 40 ? text : text[..37] + "...";
    }
}
