using System.Globalization;
using System.Text.Json;

namespace AgentRec.Core.Data.Text;

/// <summary>Typed reads of JSON object properties that fail with the file, line and property named.</summary>
internal static class JsonFields
{
    public static void RequireObject(JsonElement element, RowLocation at, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw at.Error(field, Raw(element), "is not a JSON object");
        }
    }

    public static string String(JsonElement obj, string name, RowLocation at, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out JsonElement value))
        {
            throw at.Error(Path(prefix, name), null, "is missing");
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw at.Error(Path(prefix, name), Raw(value), "is not a string");
    }

    public static string? OptionalString(JsonElement obj, string name, RowLocation at, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw at.Error(Path(prefix, name), Raw(value), "is not a string");
    }

    /// <summary>An id given as a JSON string or integer, returned as text.</summary>
    public static string Id(JsonElement obj, string name, RowLocation at, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out JsonElement value))
        {
            throw at.Error(Path(prefix, name), null, "is missing");
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetInt64(out long number) => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text)
            ? throw at.Error(Path(prefix, name), Raw(value), "is not a non-empty string or integer id")
            : text;
    }

    public static int Int(JsonElement obj, string name, RowLocation at, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out JsonElement value))
        {
            throw at.Error(Path(prefix, name), null, "is missing");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw at.Error(Path(prefix, name), Raw(value), "is not an integer");
    }

    public static int? OptionalInt(JsonElement obj, string name, RowLocation at, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw at.Error(Path(prefix, name), Raw(value), "is not an integer");
    }

    /// <summary>An array of strings; a missing or null property gives an empty list unless <paramref name="required"/>.</summary>
    public static List<string> StringArray(JsonElement obj, string name, RowLocation at, string? prefix = null, bool required = false)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw at.Error(Path(prefix, name), null, "is missing") : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw at.Error(Path(prefix, name), Raw(value), "is not an array of strings");
        }

        var result = new List<string>(value.GetArrayLength());
        int i = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw at.Error($"{Path(prefix, name)}[{i}]", Raw(element), "is not a string");
            }

            result.Add(element.GetString()!);
            i++;
        }

        return result;
    }

    public static string Raw(JsonElement element) => element.GetRawText();

    private static string Path(string? prefix, string name) => prefix is null ? name : $"{prefix}.{name}";
}
