using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Writes the system-prompt section that tells a model which functions it may call and how to write a call
/// in the <see cref="ToolCallGrammar"/> wire format. The output depends only on the tools (stable order, no
/// timestamps), so prompts stay cacheable.
/// </summary>
public static class ToolPromptFormatter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The tools section, or an empty string when no tool is a function. Tools that are not
    /// <see cref="AIFunctionDeclaration"/>s (hosted tools) are left out: a local model cannot run them.
    /// </summary>
    public static string Format(IEnumerable<AITool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var functions = tools.OfType<AIFunctionDeclaration>().ToList();
        if (functions.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        sb.Append("# Tools\n\n");
        sb.Append("You can call the functions listed below. Each line inside <tools></tools> describes one function as JSON: ");
        sb.Append("its name, what it does, and a JSON Schema for its arguments.\n\n");
        sb.Append("<tools>\n");
        foreach (var function in functions)
        {
            sb.Append(Describe(function)).Append('\n');
        }

        sb.Append("</tools>\n\n");
        sb.Append("To call a function, write one JSON object with the function's name and its arguments between ");
        sb.Append(ToolCallGrammar.TriggerText).Append(" and ").Append(ToolCallGrammar.EndText).Append(" tags, exactly like this:\n");
        sb.Append(ToolCallGrammar.TriggerText).Append('\n');
        sb.Append(Example(functions[0])).Append('\n');
        sb.Append(ToolCallGrammar.EndText).Append('\n');
        sb.Append("To call several functions, write one such block per call, one after another. ");
        sb.Append("Use only the function names and argument names listed above. ");
        sb.Append("If no function is needed, answer in plain text without any ").Append(ToolCallGrammar.TriggerText).Append(" tag.\n");
        return sb.ToString();
    }

    private static string Describe(AIFunctionDeclaration function) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", function.Name);
        if (!string.IsNullOrWhiteSpace(function.Description))
        {
            writer.WriteString("description", function.Description);
        }

        writer.WritePropertyName("parameters");
        if (function.JsonSchema.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            function.JsonSchema.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    // The call as the model should write it, with placeholder values for the required arguments.
    private static string Example(AIFunctionDeclaration function)
    {
        string arguments = Write(writer =>
        {
            writer.WriteStartObject();
            var schema = function.JsonSchema;
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet(StringComparer.Ordinal)
                    : [];
                var shown = properties.EnumerateObject().Where(p => required.Contains(p.Name)).ToList();
                if (shown.Count == 0)
                {
                    shown = properties.EnumerateObject().Take(1).ToList();
                }

                foreach (var property in shown)
                {
                    writer.WritePropertyName(property.Name);
                    WritePlaceholder(writer, property.Value);
                }
            }

            writer.WriteEndObject();
        });

        // The same spacing the grammar produces after the name: {"name": "...", "arguments": {...}}
        return $"{{\"name\": {JsonGrammarRules.JsonString(function.Name)}, \"arguments\": {arguments}}}";
    }

    // A small value of the property's type; arrays and objects get what minItems / required ask for.
    private static void WritePlaceholder(Utf8JsonWriter writer, JsonElement schema, int depth = 0)
    {
        if (schema.ValueKind == JsonValueKind.Object && depth < 4)
        {
            if (schema.TryGetProperty("const", out var constValue))
            {
                constValue.WriteTo(writer);
                return;
            }

            if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
            {
                values[0].WriteTo(writer);
                return;
            }

            string? type = schema.TryGetProperty("type", out var t)
                ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x != "null") : t.GetString()
                : null;
            switch (type)
            {
                case "integer":
                    writer.WriteNumberValue(schema.TryGetProperty("minimum", out var min) && min.TryGetInt64(out long m) ? m : 1);
                    return;
                case "number":
                    writer.WriteNumberValue(schema.TryGetProperty("minimum", out var minimum) && minimum.ValueKind == JsonValueKind.Number ? minimum.GetDouble() : 1.5);
                    return;
                case "boolean":
                    writer.WriteBooleanValue(true);
                    return;
                case "null":
                    writer.WriteNullValue();
                    return;
                case "array":
                    int count = schema.TryGetProperty("minItems", out var minItems) && minItems.TryGetInt32(out int n) ? Math.Clamp(n, 0, 3) : 0;
                    writer.WriteStartArray();
                    for (int i = 0; i < count; i++)
                    {
                        WritePlaceholder(writer, schema.TryGetProperty("items", out var items) ? items : default, depth + 1);
                    }

                    writer.WriteEndArray();
                    return;
                case "object":
                    writer.WriteStartObject();
                    if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                        && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var property in properties.EnumerateObject().Where(p => required.EnumerateArray().Any(r => r.ValueEquals(p.Name))))
                        {
                            writer.WritePropertyName(property.Name);
                            WritePlaceholder(writer, property.Value, depth + 1);
                        }
                    }

                    writer.WriteEndObject();
                    return;
            }
        }

        writer.WriteStringValue("...");
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
