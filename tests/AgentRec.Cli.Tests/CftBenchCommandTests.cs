using System.Text.Json;
using AgentRec.Cli.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Models;

namespace AgentRec.Cli.Tests;

/// <summary>`agentrec bench cft` end to end on the writer's random tiny llama: a few steps, five test users.</summary>
[Collection(CliRunner.Collection)]
public sealed class CftBenchCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentrec-cft-tests-" + Guid.NewGuid().ToString("N"));

    [SharedDataFact]
    public async Task TrainsBothMethodsGeneratesGroundsAndOnARerunReusesEveryStage()
    {
        string model = new ModelStore(Path.Combine(_root, "home")).Resolve(ModelStore.RandomTinyModelName);
        string work = Path.Combine(_root, "work");
        string results = Path.Combine(_root, "results.json");
        string[] args =
        [
            "bench", "cft", "--dataset", "ml-100k", "--data-root", SharedDataFactAttribute.DataRoot, "--model", model, "--work", work, "--out", results,
            "--max-steps", "2", "--batch", "2", "--lr", "1e-2", "--warmup", "0", "--type", "f32", "--test-users", "5", "--max-new-tokens", "8", "--threads", "1",
        ];

        var (code, output) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, output);
        string[] table = [.. output.Split('\n').Where(l => l.StartsWith('|'))];
        Assert.StartsWith("| Method | Test rows | Exact title | HR@1 | HR@5 | HR@10 | HR@20 | NDCG@1 | NDCG@5 | NDCG@10 | NDCG@20 |", table[0]);
        Assert.StartsWith("| SFT | 5 | ", table[2]);
        Assert.StartsWith("| SFT+CFT | 5 | ", table[3]);
        Assert.Equal(4, table.Length);

        using (var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(results)))
        {
            var root = summary.RootElement;
            Assert.Equal("ml-100k", root.GetProperty("dataset").GetString());
            Assert.Equal(1682, root.GetProperty("catalog_items").GetInt32());
            Assert.Equal(943 * 5, root.GetProperty("train_examples").GetInt32());
            Assert.Equal(5, root.GetProperty("test_rows").GetInt32());
            var runs = root.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["SFT", "SFT+CFT"], runs.Select(r => r.GetProperty("method").GetString()));
            foreach (var run in runs)
            {
                Assert.Equal(2, run.GetProperty("steps").GetInt32());
                var metrics = run.GetProperty("metrics");
                double[] hits = [.. new[] { 1, 5, 10, 20 }.Select(k => metrics.GetProperty($"HR@{k}").GetDouble())];
                Assert.All(hits, h => Assert.InRange(h, 0, 1));
                Assert.Equal(hits.Order(), hits); // HR@k cannot fall as k grows
                Assert.InRange(run.GetProperty("exact_title_share").GetDouble(), 0, 1);
            }
        }

        // Generations of the first five users (ml-100k orders users by id), targets their last items.
        foreach (string method in new[] { "sft", "cft" })
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(work, method + ".generations.jsonl"));
            Assert.Equal(["1", "2", "3", "4", "5"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("user").GetString()));
            Assert.Equal("102", JsonDocument.Parse(lines[0]).RootElement.GetProperty("target_id").GetString());
            Assert.Equal("llama", GgufFile.Read(Path.Combine(work, method + ".gguf")).Architecture);
            Assert.False(File.Exists(Path.Combine(work, method + ".ckpt"))); // the exported model replaced it
        }

        // Same data, seed and batches, different objective: the two models must differ.
        Assert.NotEqual(await File.ReadAllBytesAsync(Path.Combine(work, "sft.gguf")), await File.ReadAllBytesAsync(Path.Combine(work, "cft.gguf")));

        // A rerun finds every stage done: no model, record or generations file is written again, and the table is the same.
        string[] outputs = [.. new[] { "sft", "cft" }.SelectMany(m => new[] { m + ".gguf", m + ".train.json", m + ".generations.jsonl", m + ".generate.json" })];
        var written = outputs.Select(f => File.GetLastWriteTimeUtc(Path.Combine(work, f))).ToList();
        var (again, rerun) = await CliRunner.RunAsync(args);
        Assert.True(again == 0, rerun);
        Assert.Equal(table, rerun.Split('\n').Where(l => l.StartsWith('|')));
        Assert.Equal(written, outputs.Select(f => File.GetLastWriteTimeUtc(Path.Combine(work, f))));

        // More test users: the models are reused, the generations are made again for the new rows.
        var (more, wider) = await CliRunner.RunAsync([.. args.Select(a => a == "5" ? "7" : a)]);
        Assert.True(more == 0, wider);
        Assert.StartsWith("| SFT+CFT | 7 | ", wider.Split('\n').Single(l => l.StartsWith("| SFT+CFT", StringComparison.Ordinal)));
        Assert.Equal(written[0], File.GetLastWriteTimeUtc(Path.Combine(work, "sft.gguf")));
        Assert.Equal(7, (await File.ReadAllLinesAsync(Path.Combine(work, "sft.generations.jsonl"))).Length);

        // Other training options do not belong in this work folder.
        var (refused, message) = await CliRunner.RunAsync([.. args.Select(a => a == "1e-2" ? "5e-3" : a)]);
        Assert.Equal(1, refused);
        Assert.Contains("error: Work folder", message);
    }

    [Fact]
    public async Task ADatasetWithoutTitledHistoriesIsAOneLineError()
    {
        string model = new ModelStore(Path.Combine(_root, "home")).Resolve(ModelStore.RandomTinyModelName);
        var (code, output) = await CliRunner.RunAsync("bench", "cft", "--dataset", "redial", "--data-root", _root, "--model", model);
        Assert.Equal(1, code);
        Assert.Contains("error: Dataset 'redial' holds Dialogues", output);
        Assert.Single(output.Trim().Split('\n'));

        (code, output) = await CliRunner.RunAsync("bench", "cft", "--dataset", "ml-100k", "--data-root", _root, "--model", Path.Combine(_root, "missing.gguf"));
        Assert.Equal(1, code);
        Assert.Contains("missing.gguf' does not exist", output);
    }


    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
