using System.Text.Json;

namespace AgentRec.Finetune.Data;

/// <summary>
/// Reads training examples from JSONL files, one JSON object per line (blank lines are skipped):
/// SFT <c>{"messages": [{"role": "user", "content": "…"}, …]}</c>,
/// CFT <c>{"history": "…", "prompt": "…", "answer": "…", "system": "…"?}</c>,
/// DPO <c>{"prompt": [{"role", "content"}…], "chosen": "…", "rejected": "…"}</c>.
/// Any bad line throws a <see cref="DatasetFormatException"/> (a <see cref="FormatException"/>) naming the file, the line and the field.
/// </summary>
public static class JsonlDatasets
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant", "tool" };

    public static IReadOnlyList<SftExample> ReadSft(string path) => Read(path, (element, line) =>
    {
        var messages = Turns(path, line, element, "messages");
        if (!messages.Any(m => m.Role == "assistant"))
        {
            throw new DatasetFormatException(path, line, "messages", "has no assistant turn, so there is nothing to learn");
        }

        return new SftExample(messages);
    });

    public static IReadOnlyList<CftExample> ReadCft(string path) => Read(path, (element, line) =>
    {
        string? system = element.TryGetProperty("system", out _) ? Text(path, line, element, "system", allowEmpty: true) : null;
        return new CftExample(
            Text(path, line, element, "history", allowEmpty: false),
            Text(path, line, element, "prompt", allowEmpty: false),
            Text(path, line, element, "answer", allowEmpty: false),
            system);
    });

    public static IReadOnlyList<DpoExample> ReadDpo(string path) => Read(path, (element, line) =>
    {
        var prompt = Turns(path, line, element, "prompt");
        if (prompt[^1].Role == "assistant")
        {
            throw new DatasetFormatException(path, line, "prompt", "ends with an assistant turn; the chosen/rejected turn must follow a non-assistant turn");
        }

        string chosen = Text(path, line, element, "chosen", allowEmpty: false);
        string rejected = Text(path, line, element, "rejected", allowEmpty: false);
        if (chosen == rejected)
        {
            throw new DatasetFormatException(path, line, "rejected", "equals 'chosen'; a preference pair needs two different turns");
        }

        return new DpoExample(prompt, chosen, rejected);
    });

    private static List<T> Read<T>(string path, Func<JsonElement, int, T> parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var examples = new List<T>();
        int number = 0;
        foreach (string text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException(path, number, "(line)", $"is not valid JSON: {e.Message}", e);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new DatasetFormatException(path, number, "(line)", $"is a JSON {document.RootElement.ValueKind}, not an object");
                }

                examples.Add(parse(document.RootElement, number));
            }
        }

        if (examples.Count == 0)
        {
            throw new InvalidDataException($"{path} holds no examples.");
        }

        return examples;
    }

    private static string Text(string path, int line, JsonElement element, string field, bool allowEmpty, string? label = null)
    {
        label ??= field;
        if (!element.TryGetProperty(field, out var value))
        {
            throw new DatasetFormatException(path, line, label, "is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new DatasetFormatException(path, line, label, $"is a JSON {value.ValueKind}, not a string");
        }

        string text = value.GetString()!;
        if (!allowEmpty && string.IsNullOrWhiteSpace(text))
        {
            throw new DatasetFormatException(path, line, label, "is empty");
        }

        return text;
    }

    private static List<ChatTurn> Turns(string path, int line, JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var array))
        {
            throw new DatasetFormatException(path, line, field, "is missing");
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw new DatasetFormatException(path, line, field, "must be a non-empty array of {role, content} objects");
        }

        var turns = new List<ChatTurn>();
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string name = $"{field}[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetFormatException(path, line, name, $"is a JSON {item.ValueKind}, not a {{role, content}} object");
            }

            string role = Text(path, line, item, "role", allowEmpty: false, name + ".role");
            if (!Roles.Contains(role))
            {
                throw new DatasetFormatException(path, line, name + ".role", $"'{role}' is not one of {string.Join(", ", Roles)}");
            }

            string content = Text(path, line, item, "content", allowEmpty: true, name + ".content");
            turns.Add(new ChatTurn(role, content));
            index++;
        }

        return turns;
    }
}
