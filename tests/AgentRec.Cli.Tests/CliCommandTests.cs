using System.Text.Json;
using AgentRec.Cli.Tests.TestSupport;

namespace AgentRec.Cli.Tests;

/// <summary>
/// The `agentrec` commands run in-process, end to end, on the shipped defaults. Its tests run one after another
/// (<see cref="CliRunner.Collection"/>): they set AGENTREC_HOME and redirect the console for the process.
/// </summary>
[Collection(CliRunner.Collection)]
public sealed class CliCommandTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "agentrec-cli-tests-" + Guid.NewGuid().ToString("N"));
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("AGENTREC_HOME");

    public CliCommandTests()
    {
        Directory.CreateDirectory(_home);
        Environment.SetEnvironmentVariable("AGENTREC_HOME", _home);
    }

    [Fact]
    public async Task TheReadmesMainCommandRunsTheEvaluationOnTheShippedDefaults()
    {
        var output = Path.Combine(_home, "report");
        var (code, _) = await CliRunner.RunAsync("demo", "--users", "3", "--turns", "2", "--parallel", "3", "--out", output);
        Assert.Equal(0, code);

        // report.json: one JSON object per agent run.
        var agents = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(output, "report.json")))
        {
            using var run = JsonDocument.Parse(line);
            agents.Add(run.RootElement.GetProperty("agent").GetString()!);
            Assert.Equal(3, run.RootElement.GetProperty("sessions").GetInt32());
            Assert.Equal(0, run.RootElement.GetProperty("unknown_item_recommendations").GetInt32());
        }

        Assert.Equal(["llm", "retrieval", "popularity"], agents);

        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }

    [Fact]
    public async Task CollectWritesTeacherTrajectoriesAsChatExamples()
    {
        var path = Path.Combine(_home, "traj.jsonl");
        var (code, _) = await CliRunner.RunAsync("collect", "--teacher", "--users", "4", "--turns", "2", "--out", path);
        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.InRange(lines.Length, 4, 8);
        foreach (var line in lines)
        {
            using var example = JsonDocument.Parse(line);
            var messages = example.RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal("system", messages[0].GetProperty("role").GetString());
            Assert.Equal("assistant", messages[^1].GetProperty("role").GetString());
        }
    }

    [Fact]
    public async Task EcpoRatesTheTurnsRewritesTheLowOnesAndTrainsOnThePairs()
    {
        var policy = new AgentRec.Llm.Models.ModelStore().Resolve(null);
        var output = Path.Combine(_home, "ecpo.gguf");
        var work = Path.Combine(_home, "ecpo.work");

        // Threshold above the scale: every rated turn goes to the scripted teacher, and pairs come from each turn the
        // teacher would have taken differently.
        var (code, text) = await CliRunner.RunAsync("train", "ecpo", "--model", policy, "--out", output, "--work", work,
            "--users", "4", "--turns", "2", "--parallel", "2", "--threshold", "6", "--full", "--epochs", "1", "--batch", "2", "--type", "f32");
        Assert.True(code == 0, text);

        var scored = await File.ReadAllLinesAsync(Path.Combine(work, "scored.jsonl"));
        Assert.InRange(scored.Length, 4, 8); // 4 users, 1–2 agent turns each
        foreach (var line in scored)
        {
            using var turn = JsonDocument.Parse(line);
            Assert.Contains("-s1002/", turn.RootElement.GetProperty("session").GetString());
            Assert.InRange(turn.RootElement.GetProperty("satisfaction").GetDouble(), 0, 5);
        }

        var pairs = await File.ReadAllLinesAsync(Path.Combine(work, "pairs.jsonl"));
        Assert.NotEmpty(pairs);
        foreach (var line in pairs)
        {
            using var pair = JsonDocument.Parse(line);
            var chosen = pair.RootElement.GetProperty("chosen").GetString()!;
            Assert.Matches(@"^(Ask|Recommend)\[", chosen); // the teacher's actions
            Assert.NotEqual(chosen, pair.RootElement.GetProperty("rejected").GetString());
            Assert.Equal("system", pair.RootElement.GetProperty("prompt")[0].GetProperty("role").GetString());
        }

        Assert.Equal("llama", AgentRec.Llm.Gguf.GgufFile.Read(output).Architecture);
    }

    [Fact]
    public async Task BenchSeqSummarizesFinishedRunsAsMeanAndStd()
    {
        var folder = Path.Combine(_home, "runs");
        Directory.CreateDirectory(folder);
        static string Run(int seed, double hr10) =>
            $$$"""{"dataset":"beauty","model":"SasRec","seed":{{{seed}}},"best_epoch":10,"epochs":20,"epoch_s":20,"total_s":400,"valid":{"hr5":0.1,"hr10":0.1,"hr20":0.1,"ndcg5":0.1,"ndcg10":0.1,"ndcg20":0.1,"users":5},"test":{"hr5":0.05,"hr10":{{{hr10}}},"hr20":0.1,"ndcg5":0.04,"ndcg10":0.05,"ndcg20":0.06,"users":5}}""";
        await File.WriteAllTextAsync(Path.Combine(folder, "sasrec-s1.json"), Run(1, 0.08));
        await File.WriteAllTextAsync(Path.Combine(folder, "sasrec-s2.json"), Run(2, 0.10));

        var (code, text) = await CliRunner.RunAsync("bench", "seq", "--summarize", "--results", folder);
        Assert.Equal(0, code);
        var row = Assert.Single(text.Split('\n'), l => l.StartsWith("| beauty | SasRec", StringComparison.Ordinal));
        Assert.Contains("| 1,2 |", row);
        Assert.Contains("0.0900 ± 0.0141", row); // mean and sample std of 0.08 and 0.10
    }

    [Fact]
    public async Task ABadOptionIsAOneLineErrorNotACrash()
    {
        var (code, _) = await CliRunner.RunAsync("simulate", "--agent", "sequential", "--users", "2");
        Assert.Equal(1, code); // the default data has dialogues, not interaction sequences
    }


    public void Dispose()
    {
        Environment.SetEnvironmentVariable("AGENTREC_HOME", _previousHome);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
