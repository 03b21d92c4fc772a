using System.Collections.Concurrent;
using System.Reflection;

namespace AgentRec.Agents.Prompts;

/// <summary>Prompt texts kept as Markdown files in this folder (embedded), filled with <c>{{name}}</c> placeholders.</summary>
public static class PromptTemplates
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Cache.GetOrAdd(name, static n =>
        {
            var resource = $"AgentRec.Agents.Prompts.{n}.md";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                ?? throw new ArgumentException($"No prompt named '{n}' (embedded resource '{resource}').", nameof(name));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().TrimEnd();
        });
    }

    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var text = Load(name);
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }

        var missing = text.IndexOf("{{", StringComparison.Ordinal);
        if (missing >= 0)
        {
            var end = text.IndexOf("}}", missing, StringComparison.Ordinal);
            throw new ArgumentException($"Prompt '{name}' has an unfilled placeholder '{text[missing..(end < 0 ? text.Length : end + 2)]}'.", nameof(values));
        }

        return text;
    }
}
