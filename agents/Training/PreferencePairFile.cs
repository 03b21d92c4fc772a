using System.Text.Json;
using AgentRec.Core.IO;

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
        ArgumentNullException.ThrowIfNull(pairs);
        AtomicFile.WriteAllLines(path, pairs.Select(pair => JsonSerializer.Serialize(new
        {
            prompt = pair.Prompt.Select(m => new { role = m.Role.Value, content = m.Text }),
            chosen = pair.Chosen,
            rejected = pair.Rejected,
            session = pair.SessionId,
            turn = pair.Turn,
            satisfaction = pair.Satisfaction,
        })));
    }
}
