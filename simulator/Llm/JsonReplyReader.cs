using System.Text.Json;

namespace AgentRec.Simulator.Llm;

/// <summary>
/// Reads the JSON object an LLM was asked for. Models without grammar support sometimes wrap it in
/// prose or a code fence, so the outermost <c>{...}</c> is taken; anything else is a failure, not a guess.
/// </summary>
internal static class JsonReplyReader
{
    public static JsonDocument? TryParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        int start = text.IndexOf('{', StringComparison.Ordinal);
        int end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            JsonDocument document = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? NonEmptyString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
