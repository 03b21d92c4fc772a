using System.Text.Json;

namespace AgentRec.Llm.Grammar;

/// <summary>A JSON Schema document that resolves local <c>$ref</c> pointers (<c>#</c>, <c>#/$defs/x</c>, <c>#/definitions/x</c>, any <c>#/...</c>).</summary>
internal sealed class SchemaDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    /// <summary>Resolves <paramref name="reference"/>; returns the target and its canonical pointer (e.g. <c>#/$defs/node</c>).</summary>
    public (JsonElement Target, string Pointer) Resolve(string reference, string path)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"The $ref '{reference}' at '{path}' points outside the schema document; only local references ('#/...') are supported.");
        }

        string pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw new NotSupportedException($"The $ref '{reference}' at '{path}' uses an anchor; only JSON pointers ('#/...') are supported.");
        }

        var current = Root;
        foreach (var rawToken in pointer.Length == 0 ? [] : pointer[1..].Split('/'))
        {
            string token = rawToken.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out int index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                throw new ArgumentException($"The $ref '{reference}' at '{path}' does not resolve: no '{token}' in the schema document.");
            }
        }

        return (current, "#" + pointer);
    }

    /// <summary>Appends a property name or index to a JSON pointer, escaping <c>~</c> and <c>/</c>.</summary>
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string pointer, int index) => pointer + "/" + index;
}
