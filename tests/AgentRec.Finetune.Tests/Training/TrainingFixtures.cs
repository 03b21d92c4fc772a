using System.Text.Json;
using AgentRec.Finetune.Tests.TestSupport;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>Small JSONL data sets in the trainer's formats, written to the tests' temporary folder.</summary>
internal static class TrainingFixtures
{
    private static readonly (string User, string Assistant)[] Requests =
    [
        ("I liked Alien and The Thing. Something similar?", "Recommend: Event Horizon"),
        ("A board game for two players, short rules?", "Recommend: Patchwork"),
        ("Any jazz album for a rainy evening?", "Recommend: Kind of Blue"),
        ("A novel like Dune but shorter?", "Recommend: Hyperion"),
        ("Headphones for running under fifty dollars?", "Ask: do you prefer in-ear or over-ear?"),
        ("A comedy series to watch with my parents?", "Recommend: Parks and Recreation"),
    ];

    public static string Sft()
    {
        var lines = Requests.Select(r => JsonSerializer.Serialize(new
        {
            messages = new object[]
            {
                new { role = "system", content = "You recommend items." },
                new { role = "user", content = r.User },
                new { role = "assistant", content = r.Assistant },
            },
        }));
        return Write("sft.jsonl", lines);
    }

    public static string Dpo()
    {
        var lines = Requests.Select((r, i) => JsonSerializer.Serialize(new
        {
            prompt = new object[] { new { role = "user", content = r.User } },
            chosen = r.Assistant,
            rejected = Requests[(i + 1) % Requests.Length].Assistant,
        }));
        return Write("dpo.jsonl", lines);
    }

    public static string Cft()
    {
        var lines = Requests.Select(r => JsonSerializer.Serialize(new
        {
            history = "Watched: Alien; Heat; Arrival; Blade Runner",
            prompt = r.User,
            answer = r.Assistant,
        }));
        return Write("cft.jsonl", lines);
    }

    public static string Write(string name, IEnumerable<string> lines)
    {
        var path = TestModels.NewPath(name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
