using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Protocol;

/// <summary>
/// Parses model output into an <see cref="AgentAction"/>: the wire form <c>Kind[...]</c> (what the grammar
/// produces) or the JSON form <c>{"action": "...", "text": "...", "item_ids": [...]}</c> (what a server that
/// only supports JSON Schema produces). Leading/trailing whitespace is ignored; anything else is an error.
/// </summary>
public static class ActionParser
{
    public static bool TryParse(string output, [NotNullWhen(true)] out AgentAction? action, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = output.Trim();
        action = null;
        if (text.StartsWith('{'))
        {
            return TryParseJson(text, out action, out error);
        }

        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(']'))
        {
            error = $"expected Kind[...], got '{Clip(text)}'";
            return false;
        }

        if (!Enum.TryParse<AgentActionKind>(text[..open], ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || char.IsDigit(text[0]))
        {
            error = $"unknown action '{Clip(text[..open])}' (expected Ask, Search, Recommend or Response)";
            return false;
        }

        var body = text[(open + 1)..^1];
        return Build(kind, body, null, out action, out error);
    }

    public static AgentAction Parse(string output) =>
        TryParse(output, out var action, out var error) ? action : throw new FormatException($"Not an agent action: {error}.");

    private static bool TryParseJson(string text, out AgentAction? action, out string? error)
    {
        action = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("action", out var kindElement) || kindElement.ValueKind != JsonValueKind.String
                || !Enum.TryParse<AgentActionKind>(kindElement.GetString(), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                error = "JSON action needs \"action\": one of ask, search, recommend, response";
                return false;
            }

            var body = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
            List<string>? ids = null;
            if (root.TryGetProperty("item_ids", out var idsElement) && idsElement.ValueKind == JsonValueKind.Array)
            {
                ids = [.. idsElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
            }

            return Build(kind, body, ids, out action, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON action: {e.Message}";
            return false;
        }
    }

    private static bool Build(AgentActionKind kind, string body, IReadOnlyList<string>? ids, out AgentAction? action, out string? error)
    {
        action = null;
        if (kind == AgentActionKind.Recommend)
        {
            var items = (ids ?? body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (items.Count == 0)
            {
                error = "Recommend names no item";
                return false;
            }

            action = AgentAction.Recommend(items);
            error = null;
            return true;
        }

        body = body.Trim();
        if (body.Length == 0)
        {
            error = $"{kind} has no text";
            return false;
        }

        action = new AgentAction(kind, body, []);
        error = null;
        return true;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
