using System.IO.Compression;
using System.Text.Json;
using AgentRec.Llm.Tests.TestSupport;
using AgentRec.Llm.Tokenization;

namespace AgentRec.Llm.Tests.Tokenization;

/// <summary>
/// Texts of the default ReDial data shipped in the repository (data/default): movie titles, plots, genres and
/// people, and the dialogue utterances. Every tenth movie and dialogue (by id) is held out of training.
/// </summary>
internal sealed class RedialTexts
{
    private static readonly Lazy<RedialTexts> Shared = new(Read);

    private static readonly Lazy<BpeTrainingResult> SharedTrained = new(() =>
        new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = VocabularySize }).Train(Shared.Value.Training));

    /// <summary>Size of <see cref="Trained"/>, and of the synthetic vocabulary it is compared with.</summary>
    public const int VocabularySize = 4096;

    private RedialTexts(List<string> training, List<string> heldOut)
    {
        Training = training;
        HeldOut = heldOut;
    }

    public static RedialTexts Default => Shared.Value;

    public IReadOnlyList<string> Training { get; }

    public IReadOnlyList<string> HeldOut { get; }

    /// <summary>A <see cref="VocabularySize"/>-token vocabulary trained on <see cref="Training"/> (once per test run).</summary>
    public static BpeTrainingResult Trained => SharedTrained.Value;

    private static RedialTexts Read()
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "data", "default");
        var training = new List<string>();
        var heldOut = new List<string>();

        using (var catalog = JsonDocument.Parse(Unzip(Path.Combine(folder, "redial-id2info.json.gz"))))
        {
            foreach (var movie in catalog.RootElement.EnumerateObject())
            {
                var target = long.Parse(movie.Name) % 10 == 0 ? heldOut : training;
                var info = movie.Value;
                target.Add(info.GetProperty("name").GetString()!);
                if (info.TryGetProperty("plot", out var plot) && plot.ValueKind == JsonValueKind.String)
                {
                    target.Add(plot.GetString()!);
                }
                foreach (var list in new[] { "genre", "director", "writer", "star" })
                {
                    if (info.TryGetProperty(list, out var values) && values.ValueKind == JsonValueKind.Array)
                    {
                        target.Add(string.Join(", ", values.EnumerateArray().Select(v => v.GetString())));
                    }
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(Unzip(Path.Combine(folder, "redial-dialogues.jsonl.gz"))));
        while (reader.ReadLine() is { } line)
        {
            using var turn = JsonDocument.Parse(line);
            var target = long.Parse(turn.RootElement.GetProperty("dialog_id").GetString()!) % 10 == 0 ? heldOut : training;
            foreach (var utterance in turn.RootElement.GetProperty("context").EnumerateArray().Select(u => u.GetString()!)
                         .Append(turn.RootElement.GetProperty("resp").GetString()!))
            {
                if (utterance.Length > 0 && seen.Add(utterance))
                {
                    target.Add(utterance);
                }
            }
        }
        return new RedialTexts(training, heldOut);
    }

    private static byte[] Unzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
