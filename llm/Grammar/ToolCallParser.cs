using System.Text;
using System.Text.Json;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Reads tool calls in the <see cref="ToolCallGrammar"/> wire format
/// (<c>&lt;tool_call&gt;{"name": ..., "arguments": {...}}&lt;/tool_call&gt;</c>) out of model output.
/// Malformed blocks are reported in <see cref="ToolCallParseResult.Errors"/>, never thrown.
/// </summary>
/// <remarks>
/// Lenient where models commonly drift and the intent is still unambiguous: a missing closing tag at the end
/// of the output or before the next call, <c>"parameters"</c> instead of <c>"arguments"</c>, arguments given as a JSON string holding
/// an object, and missing arguments (read as none).
/// </remarks>
public static class ToolCallParser
{
    public static ToolCallParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var outside = new StringBuilder();
        var calls = new List<ParsedToolCall>();
        var errors = new List<ToolCallParseError>();
        int pos = 0;
        while (true)
        {
            int open = text.IndexOf(ToolCallGrammar.TriggerText, pos, StringComparison.Ordinal);
            if (open < 0)
            {
                outside.Append(text, pos, text.Length - pos);
                break;
            }

            outside.Append(text, pos, open - pos);
            int contentStart = open + ToolCallGrammar.TriggerText.Length;
            int close = text.IndexOf(ToolCallGrammar.EndText, contentStart, StringComparison.Ordinal);
            int nextOpen = text.IndexOf(ToolCallGrammar.TriggerText, contentStart, StringComparison.Ordinal);
            bool closed = close >= 0 && (nextOpen < 0 || close < nextOpen);
            int contentEnd = closed ? close : nextOpen >= 0 ? nextOpen : text.Length;
            string content = text[contentStart..contentEnd].Trim();
            pos = closed ? close + ToolCallGrammar.EndText.Length : contentEnd;

            string? error = TryReadCall(content, out var call);
            if (call is not null)
            {
                calls.Add(call);
            }
            else
            {
                errors.Add(new ToolCallParseError(open, closed ? error! : $"{error} (the block is not closed with {ToolCallGrammar.EndText})", content));
            }
        }

        return new ToolCallParseResult(calls, outside.ToString().Trim(), errors);
    }

    // Returns an error message, or null with the call set.
    private static string? TryReadCall(string content, out ParsedToolCall? call)
    {
        call = null;
        if (content.Length == 0)
        {
            return "the tool call is empty";
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(content);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return $"the tool call is not valid JSON: {e.Message}";
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"the tool call must be a JSON object, not {root.ValueKind}";
        }

        if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
        {
            return "the tool call has no \"name\" string";
        }

        bool hasArguments = root.TryGetProperty("arguments", out var arguments) || root.TryGetProperty("parameters", out arguments);
        if (hasArguments && arguments.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var doc = JsonDocument.Parse(arguments.GetString()!);
                arguments = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return $"the \"arguments\" string of tool call '{name.GetString()}' is not valid JSON: {e.Message}";
            }
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (hasArguments && arguments.ValueKind != JsonValueKind.Null)
        {
            if (arguments.ValueKind != JsonValueKind.Object)
            {
                return $"the \"arguments\" of tool call '{name.GetString()}' must be a JSON object, not {arguments.ValueKind}";
            }

            foreach (var property in arguments.EnumerateObject())
            {
                values[property.Name] = property.Value;
            }
        }

        call = new ParsedToolCall(name.GetString()!, values, content);
        return null;
    }
}
