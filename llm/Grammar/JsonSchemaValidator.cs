using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Checks a JSON value against a JSON Schema (the subset the grammar generator understands, plus
/// <c>minimum</c>/<c>maximum</c>, <c>multipleOf</c>, <c>pattern</c>, <c>not</c>, <c>uniqueItems</c>,
/// <c>min/maxProperties</c>, <c>patternProperties</c> and the formats date, time, date-time and uuid).
/// Unknown keywords are ignored, as JSON Schema prescribes.
/// </summary>
public static class JsonSchemaValidator
{
    private const int MaxDepth = 256;
    private static readonly ConcurrentDictionary<string, Regex> PatternCache = new(StringComparer.Ordinal);

    /// <summary>
    /// Validates <paramref name="instance"/>; returns one message per violation, each starting with the
    /// JSON pointer of the offending value (<c>/</c> for the root), e.g. <c>/items/0/age: expected integer</c>.
    /// An empty list means the value is valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Undefined))
        {
            throw new ArgumentException($"A JSON Schema must be an object or a boolean, not {schema.ValueKind}.", nameof(schema));
        }

        if (instance.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The instance is an undefined JsonElement.", nameof(instance));
        }

        var errors = new List<string>();
        Validate(new SchemaDocument(schema), schema, instance, "", errors, 0);
        return errors;
    }

    internal static bool IsValid(SchemaDocument document, JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(document, schema, instance, "", errors, 0);
        return errors.Count == 0;
    }

    internal static void Validate(SchemaDocument doc, JsonElement schema, JsonElement value, string path, List<string> errors, int depth)
    {
        void Fail(string message) => errors.Add($"{(path.Length == 0 ? "/" : path)}: {message}");

        if (depth > MaxDepth)
        {
            Fail("schema nesting is too deep (a $ref cycle that consumes no input?)");
            return;
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.Undefined:
                return;
            case JsonValueKind.False:
                Fail("no value is allowed here");
                return;
            case JsonValueKind.Object:
                break;
            default:
                throw new ArgumentException($"Invalid schema: expected an object or boolean but found {schema.ValueKind}.");
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var (target, _) = doc.Resolve(reference.GetString() ?? "", path);
            Validate(doc, target, value, path, errors, depth + 1);
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            Fail($"expected {DescribeType(type)} but found {Describe(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var enumValues) && enumValues.ValueKind == JsonValueKind.Array
            && !enumValues.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            Fail($"value {Truncate(value.GetRawText())} is not one of the allowed values {Truncate(enumValues.GetRawText())}");
        }

        if (schema.TryGetProperty("const", out var constValue) && !JsonElement.DeepEquals(constValue, value))
        {
            Fail($"value {Truncate(value.GetRawText())} is not the constant {Truncate(constValue.GetRawText())}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                ValidateString(schema, value.GetString()!, Fail);
                break;
            case JsonValueKind.Number:
                ValidateNumber(schema, value, Fail);
                break;
            case JsonValueKind.Object:
                ValidateObject(doc, schema, value, path, errors, depth, Fail);
                break;
            case JsonValueKind.Array:
                ValidateArray(doc, schema, value, path, errors, depth, Fail);
                break;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Validate(doc, part, value, path, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf)
            && !anyOf.EnumerateArray().Any(option => IsValidAt(doc, option, value, depth)))
        {
            Fail($"value matches none of the {anyOf.GetArrayLength()} anyOf alternatives");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            int matches = oneOf.EnumerateArray().Count(option => IsValidAt(doc, option, value, depth));
            if (matches != 1)
            {
                Fail($"value matches {matches} of the oneOf alternatives instead of exactly one");
            }
        }

        if (schema.TryGetProperty("not", out var not) && IsValidAt(doc, not, value, depth))
        {
            Fail("value matches the schema under 'not'");
        }
    }

    private static bool IsValidAt(SchemaDocument doc, JsonElement schema, JsonElement value, int depth)
    {
        var errors = new List<string>();
        Validate(doc, schema, value, "", errors, depth + 1);
        return errors.Count == 0;
    }

    private static void ValidateString(JsonElement schema, string text, Action<string> fail)
    {
        int length = text.EnumerateRunes().Count();
        if (TryGetInt(schema, "minLength", out int minLength) && length < minLength)
        {
            fail($"string has {length} characters, fewer than minLength {minLength}");
        }

        if (TryGetInt(schema, "maxLength", out int maxLength) && length > maxLength)
        {
            fail($"string has {length} characters, more than maxLength {maxLength}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && pattern.GetString() is { } regex && !GetRegex(regex).IsMatch(text))
        {
            fail($"string {Truncate(JsonGrammarRules.JsonString(text))} does not match pattern {JsonGrammarRules.JsonString(regex)}");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() is { } name && !MatchesFormat(name, text))
        {
            fail($"string {Truncate(JsonGrammarRules.JsonString(text))} is not a valid {name}");
        }
    }

    private static void ValidateNumber(JsonElement schema, JsonElement value, Action<string> fail)
    {
        double x = ToDouble(value);
        string raw = value.GetRawText();
        if (schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number)
        {
            bool exclusive = schema.TryGetProperty("exclusiveMinimum", out var ex) && ex.ValueKind == JsonValueKind.True;
            if (Compare(value, min) is int c && (c < 0 || (exclusive && c == 0)))
            {
                fail($"{raw} is below the {(exclusive ? "exclusive " : "")}minimum {min.GetRawText()}");
            }
        }

        if (schema.TryGetProperty("maximum", out var max) && max.ValueKind == JsonValueKind.Number)
        {
            bool exclusive = schema.TryGetProperty("exclusiveMaximum", out var ex) && ex.ValueKind == JsonValueKind.True;
            if (Compare(value, max) is int c && (c > 0 || (exclusive && c == 0)))
            {
                fail($"{raw} is above the {(exclusive ? "exclusive " : "")}maximum {max.GetRawText()}");
            }
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exMin) && exMin.ValueKind == JsonValueKind.Number && Compare(value, exMin) <= 0)
        {
            fail($"{raw} is not above the exclusiveMinimum {exMin.GetRawText()}");
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exMax) && exMax.ValueKind == JsonValueKind.Number && Compare(value, exMax) >= 0)
        {
            fail($"{raw} is not below the exclusiveMaximum {exMax.GetRawText()}");
        }

        if (schema.TryGetProperty("multipleOf", out var multipleOf) && multipleOf.ValueKind == JsonValueKind.Number)
        {
            bool ok = value.TryGetDecimal(out decimal d) && multipleOf.TryGetDecimal(out decimal m) && m != 0
                ? d % m == 0
                : Math.Abs((x / ToDouble(multipleOf)) - Math.Round(x / ToDouble(multipleOf))) < 1e-9;
            if (!ok)
            {
                fail($"{raw} is not a multiple of {multipleOf.GetRawText()}");
            }
        }
    }

    private static void ValidateObject(SchemaDocument doc, JsonElement schema, JsonElement value, string path, List<string> errors, int depth, Action<string> fail)
    {
        var members = value.EnumerateObject().ToList();
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!members.Any(m => m.NameEquals(name)))
                {
                    fail($"missing required property \"{name}\"");
                }
            }
        }

        if (TryGetInt(schema, "minProperties", out int minProperties) && members.Count < minProperties)
        {
            fail($"object has {members.Count} properties, fewer than minProperties {minProperties}");
        }

        if (TryGetInt(schema, "maxProperties", out int maxProperties) && members.Count > maxProperties)
        {
            fail($"object has {members.Count} properties, more than maxProperties {maxProperties}");
        }

        bool hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
        bool hasPatterns = schema.TryGetProperty("patternProperties", out var patterns) && patterns.ValueKind == JsonValueKind.Object;
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var member in members)
        {
            string memberPath = SchemaDocument.Append(path, member.Name);
            bool matched = false;
            if (hasProperties && properties.TryGetProperty(member.Name, out var propertySchema))
            {
                matched = true;
                Validate(doc, propertySchema, member.Value, memberPath, errors, depth + 1);
            }

            if (hasPatterns)
            {
                foreach (var pattern in patterns.EnumerateObject().Where(p => GetRegex(p.Name).IsMatch(member.Name)))
                {
                    matched = true;
                    Validate(doc, pattern.Value, member.Value, memberPath, errors, depth + 1);
                }
            }

            if (!matched && hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{memberPath}: property \"{member.Name}\" is not allowed (additionalProperties is false)");
                }
                else
                {
                    Validate(doc, additional, member.Value, memberPath, errors, depth + 1);
                }
            }
        }
    }

    private static void ValidateArray(SchemaDocument doc, JsonElement schema, JsonElement value, string path, List<string> errors, int depth, Action<string> fail)
    {
        var items = value.EnumerateArray().ToList();
        if (TryGetInt(schema, "minItems", out int minItems) && items.Count < minItems)
        {
            fail($"array has {items.Count} items, fewer than minItems {minItems}");
        }

        if (TryGetInt(schema, "maxItems", out int maxItems) && items.Count > maxItems)
        {
            fail($"array has {items.Count} items, more than maxItems {maxItems}");
        }

        // 2020-12 uses prefixItems + items; drafts 4-7 use an items array + additionalItems.
        JsonElement? prefix = schema.TryGetProperty("prefixItems", out var p) ? p : null;
        schema.TryGetProperty("items", out var itemsSchema);
        JsonElement rest = itemsSchema;
        if (itemsSchema.ValueKind == JsonValueKind.Array)
        {
            prefix = itemsSchema;
            schema.TryGetProperty("additionalItems", out rest);
        }

        int prefixCount = prefix?.GetArrayLength() ?? 0;
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = SchemaDocument.Append(path, i);
            if (i < prefixCount)
            {
                Validate(doc, prefix!.Value[i], items[i], itemPath, errors, depth + 1);
            }
            else if (rest.ValueKind == JsonValueKind.False)
            {
                fail($"array has {items.Count} items but only {prefixCount} are allowed");
                break;
            }
            else
            {
                Validate(doc, rest, items[i], itemPath, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            for (int i = 0; i < items.Count; i++)
            {
                for (int j = i + 1; j < items.Count; j++)
                {
                    if (JsonElement.DeepEquals(items[i], items[j]))
                    {
                        fail($"items {i} and {j} are equal but uniqueItems is true");
                    }
                }
            }
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => MatchesType(type.GetString()!, value),
        JsonValueKind.Array => type.EnumerateArray().Any(t => MatchesType(t.GetString() ?? "", value)),
        _ => true,
    };

    private static bool MatchesType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsIntegral(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new ArgumentException($"Invalid schema: unknown type '{type}'."),
    };

    internal static bool IsIntegral(JsonElement number) =>
        number.TryGetDecimal(out decimal d) ? decimal.Truncate(d) == d : Math.Floor(ToDouble(number)) == ToDouble(number);

    private static int Compare(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out decimal x) && b.TryGetDecimal(out decimal y) ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));

    // Numbers beyond double's range (1e400) count as infinite rather than throwing.
    private static double ToDouble(JsonElement number) =>
        number.TryGetDouble(out double x) ? x : number.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;

    private static bool TryGetInt(JsonElement schema, string keyword, out int value)
    {
        value = 0;
        return schema.TryGetProperty(keyword, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
        : type.GetString() ?? "?";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsIntegral(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static Regex GetRegex(string pattern) => PatternCache.GetOrAdd(pattern, static p =>
    {
        try
        {
            // ECMAScript semantics match JSON Schema's; some patterns only parse in .NET's own dialect.
            return new Regex(p, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    });

    private static bool MatchesFormat(string format, string text) => format switch
    {
        "date" => IsDate(text),
        "time" => IsTime(text),
        "date-time" => text.Length > 11 && (text[10] is 'T' or 't') && IsDate(text[..10]) && IsTime(text[11..]),
        "uuid" => Regex.IsMatch(text, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant),
        _ => true,
    };

    // RFC 3339 full-date with the proleptic Gregorian calendar (year 0000 allowed).
    private static bool IsDate(string text)
    {
        var m = Regex.Match(text, "^([0-9]{4})-([0-9]{2})-([0-9]{2})$", RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return false;
        }

        int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        int day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int[] days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        return day <= days[month - 1];
    }

    // RFC 3339 full-time: hh:mm:ss[.frac](Z|+hh:mm|-hh:mm); second 60 allowed for leap seconds.
    private static bool IsTime(string text)
    {
        var m = Regex.Match(text, "^([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))$", RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return false;
        }

        int Part(int group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        return Part(1) <= 23 && Part(2) <= 59 && Part(3) <= 60 && Part(6) <= 23 && Part(7) <= 59;
    }
}
