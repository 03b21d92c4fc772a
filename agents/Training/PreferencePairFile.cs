using System.Text.Json;

namespace AgentRec.Agents.Training;

/// <summary>
/// Writes preference pairs as the DPO JSONL the fine-tuning trainers read:
/// <c>{"prompt": [{"role", "content"}...], "chosen": "...", "rejected": "...", "session", "turn", "satisfaction"}</c>,
/// atomically (temporary file, then rename).
/// </summary>
public static class PreferencePairFile
{
    public static void Write(string path, IEnumerable<PreferencePair> pairs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(pairs);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false))
        {
            foreach (var pair in pairs)
            {
                writer.WriteLine(JsonSerializer.Serialize(new
                {
                    prompt = pair.Prompt.Select(m => new { role = m.Role.Value, content = m.Text }),
                    chosen = pair.Chosen,
                    rejected = pair.Rejected,
                    session = pair.SessionId,
                    turn = pair.Turn,
                    satisfaction = pair.Satisfaction,
                }));
            }
        }

        File.Move(temporary, full, overwrite: true);
    }
}
