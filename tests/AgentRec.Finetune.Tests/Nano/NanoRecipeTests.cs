using System.Text.Json;
using AgentRec.Agents.Defaults;
using AgentRec.Agents.Protocol;
using AgentRec.Core.Catalog;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Nano;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tokenization;
using Xunit.Abstractions;

namespace AgentRec.Finetune.Tests.Nano;

/// <summary>
/// The whole nano recipe at toy scale (2 layers, width 64, a few steps per stage) on 300 texts of the shipped
/// ReDial catalog and a small trajectory file in the agent's action format.
/// </summary>
public sealed class NanoRecipeTests(ITestOutputHelper output)
{
    private static readonly NanoOptions Tiny = new()
    {
        VocabularySize = 700,
        Layers = 2,
        EmbeddingLength = 64,
        HeadCount = 4,
        FeedForwardLength = 160,
        ContextLength = 512,
        InitStd = 0.02f,
        Seed = 5,
        PretrainWindow = 64,
        PretrainSteps = 6,
        PretrainBatchSize = 8,
        PretrainLearningRate = 1e-2,
        PretrainWarmupSteps = 1,
        SftSteps = 6,
        SftBatchSize = 4,
        SftLearningRate = 5e-3,
        SftWarmupSteps = 1,
        ValidationShare = 0.1,
        CheckpointEvery = 2,
        ExportType = GgmlType.F16,
        Threads = 1,
    };

    [Fact]
    public async Task RecipeBuildsALoadableModelResumesAndIsReproducible()
    {
        var items = await CatalogItems();
        string[] corpus = [.. items.Select(ItemTextBuilder.Default.Build)];
        string trajectories = WriteTrajectories(items);
        string work = TestModels.NewPath("nano-work");
        string model = TestModels.NewPath("agentrec-nano.gguf");
        var reports = new List<NanoProgress>();

        var report = new NanoRecipe().Run(corpus, trajectories, model, work, Tiny, new Synchronous<NanoProgress>(reports.Add));

        foreach (var stage in report.Stages)
        {
            output.WriteLine($"{stage.Stage}: {stage.Steps} steps, {stage.Tokens} tokens, loss {stage.InitialLoss:F3} → {stage.FinalLoss:F3} (train {stage.FinalTrainLoss:F3}), {stage.Seconds:F1} s");
        }

        Assert.Equal(Enum.GetValues<NanoStage>(), report.Stages.Select(s => s.Stage));
        Assert.All(report.Stages, s => Assert.False(s.Reused));
        Assert.Equal(300, report.CorpusTexts);
        Assert.Equal(6, report[NanoStage.Pretrain].Steps);
        Assert.Equal(6, report[NanoStage.Sft].Steps);
        Assert.Equal(64, report[NanoStage.Pretrain].LongestSequence);
        Assert.InRange(report[NanoStage.Sft].LongestSequence, 20, 511);
        Assert.Equal(0, report[NanoStage.Sft].Truncated);
        foreach (var stage in new[] { NanoStage.Pretrain, NanoStage.Sft })
        {
            var s = report[stage];
            Assert.True(s.FinalLoss < s.InitialLoss - 0.3, $"{stage}: held-out loss {s.InitialLoss} → {s.FinalLoss}");
            Assert.True(s.Tokens > 0 && s.TokensPerSecond > 0);
        }

        Assert.Contains(reports, r => r.Stage == NanoStage.Pretrain && r.Step is { Step: 6 });
        Assert.Contains(reports, r => r.Stage == NanoStage.Sft && r.Step is { Step: 6 });
        Assert.False(File.Exists(Path.Combine(work, "pretrain.ckpt")));

        // The JSON report beside the model.
        using (var json = JsonDocument.Parse(File.ReadAllBytes(NanoRecipe.ReportPath(model))))
        {
            Assert.Equal("agentrec-nano", json.RootElement.GetProperty("Name").GetString());
            Assert.Equal(new FileInfo(model).Length, json.RootElement.GetProperty("ModelBytes").GetInt64());
            Assert.Equal(5, json.RootElement.GetProperty("Stages").GetArrayLength());
        }

        // llama.cpp loads it, with the trained vocabulary and the recipe's name.
        var vocabulary = TrainedVocabulary.Load(Path.Combine(work, "tokenizer.json"));
        using (var runtime = LlamaModel.Load(model))
        {
            Assert.Equal("agentrec-nano", runtime.Name);
            Assert.Equal(vocabulary.Count, runtime.VocabularySize);
            Assert.Equal(2, runtime.LayerCount);

            // A catalog title round-trips through llama.cpp's tokenizer, as the C# twin tokenises it.
            string title = items[17].Title!;
            int[] tokens = runtime.Tokenize(title, addSpecial: false);
            Assert.Equal(vocabulary.Encode(title), tokens);
            Assert.Equal(title, runtime.Detokenize(tokens).TrimStart());

            // Greedy generation under the agent's action grammar gives a parseable action.
            string action = Generate(runtime, JsonlDatasets.ReadSft(trajectories)[0], items);
            output.WriteLine($"generated: {action}");
            Assert.True(ActionParser.TryParse(action, out var parsed, out var error), error);
            Assert.NotNull(parsed);
        }

        // A rerun with the same work folder skips every finished stage and exports the same bytes.
        byte[] first = File.ReadAllBytes(model);
        reports.Clear();
        var rerun = new NanoRecipe().Run(corpus, trajectories, model, work, Tiny with { Threads = 1 }, new Synchronous<NanoProgress>(reports.Add));
        Assert.All(rerun.Stages.Where(s => s.Stage != NanoStage.Export), s => Assert.True(s.Reused, $"{s.Stage} was redone"));
        Assert.DoesNotContain(reports, r => r.Step is not null);
        Assert.Equal(report[NanoStage.Sft].FinalLoss, rerun[NanoStage.Sft].FinalLoss);
        Assert.Equal(first, File.ReadAllBytes(model));

        // A stage whose record is gone is redone (and only it): the same bytes again.
        File.Delete(Path.Combine(work, "stage-sft.json"));
        var redone = new NanoRecipe().Run(corpus, trajectories, model, work, Tiny);
        Assert.Equal([true, true, true, false], redone.Stages.Take(4).Select(s => s.Reused));
        Assert.Equal(first, File.ReadAllBytes(model));

        // Another work folder, same seed: the same file, byte for byte.
        string again = TestModels.NewPath("agentrec-nano-again.gguf");
        new NanoRecipe().Run(corpus, trajectories, again, TestModels.NewPath("nano-work-again"), Tiny);
        Assert.Equal(first, File.ReadAllBytes(again));

        // Other options on the same work folder are refused, naming the folder.
        var refused = Assert.Throws<InvalidOperationException>(() => new NanoRecipe().Run(corpus, trajectories, model, work, Tiny with { Seed = 6 }));
        Assert.Contains(work, refused.Message);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        string work = TestModels.NewPath("nano-bad");
        string missing = TestModels.NewPath("missing.jsonl");
        var notFound = Assert.Throws<FileNotFoundException>(() => new NanoRecipe().Run(["Alien (1979)."], missing, TestModels.NewPath("m.gguf"), work, Tiny));
        Assert.Contains(missing, notFound.Message);

        string broken = TestModels.NewPath("broken.jsonl");
        File.WriteAllLines(broken, ["{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"Ask[Which genre?]\"}]}", "{\"messages\": [{\"content\": \"x\"}]}"]);
        var format = Assert.Throws<DatasetFormatException>(() => new NanoRecipe().Run(["Alien (1979)."], broken, TestModels.NewPath("m.gguf"), work, Tiny));
        Assert.Equal(2, format.Line);
        Assert.Contains(broken, format.Message);

        Assert.Throws<ArgumentException>(() => new NanoRecipe().Run(["", "  "], broken, TestModels.NewPath("m.gguf"), work, Tiny));
        var window = Assert.Throws<ArgumentException>(() => new NanoRecipe().Run(["Alien (1979)."], broken, TestModels.NewPath("m.gguf"), work, Tiny with { PretrainWindow = 4096 }));
        Assert.Contains("PretrainWindow", window.Message);
        Assert.False(File.Exists(Path.Combine(work, "tokenizer.json")));
    }

    private static string Generate(LlamaModel runtime, SftExample example, IReadOnlyList<CatalogItem> items)
    {
        var tokenizer = new ChatTokenizer(runtime, maxLength: 512);
        var prompt = example.Messages.TakeWhile(m => m.Role != "assistant").ToList();
        int[] tokens = runtime.Tokenize(tokenizer.Render(prompt, addAssistantPrefix: true), addSpecial: true, parseSpecial: true);
        string grammar = ActionGrammar.Build([.. items.Take(5).Select(i => i.Id)], maxItems: 3, maxTextLength: 24);
        using var context = runtime.CreateContext(new LlamaContextOptions { ContextSize = 512, BatchSize = 512, Threads = 1, BatchThreads = 1 });
        using var sampler = LlamaSampler.Create(runtime, SamplingOptions.Greedy with { Grammar = grammar });
        using var batch = new LlamaBatch(512);
        for (int i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, 0, wantLogits: i == tokens.Length - 1);
        }

        var generated = new List<int>();
        int position = tokens.Length;
        context.Decode(batch);
        for (int step = 0; step < 120; step++)
        {
            int token = sampler.Sample(context, batch.Count - 1); // llama_sampler_sample accepts the token itself
            if (runtime.IsEndOfGeneration(token))
            {
                break;
            }

            generated.Add(token);
            batch.Clear();
            batch.Add(token, position++, 0, wantLogits: true);
            context.Decode(batch);
        }

        return runtime.Detokenize([.. generated]);
    }

    private static async Task<IReadOnlyList<CatalogItem>> CatalogItems()
    {
        var cache = TestModels.NewPath("default-data");
        var dataset = await DefaultDataset.LoadAsync(cache);
        return [.. dataset.Value.Catalog.Items.Where(i => i.Title is not null).Take(300)];
    }

    /// <summary>Agent turns in the collect format: a system prompt, the user's words with candidates, the teacher's action.</summary>
    private static string WriteTrajectories(IReadOnlyList<CatalogItem> items)
    {
        string[] requests =
        [
            "I loved a scary movie last week, something like that?",
            "Any comedy for a family night?",
            "I want a classic drama.",
            "Something with a great cast, maybe an action film?",
            "Hi! I'm looking for a movie to watch tonight.",
            "Can you suggest a romantic film?",
            "I like science fiction and space.",
            "Not sure what I want, help me choose.",
        ];
        var lines = requests.Select((request, i) =>
        {
            var candidates = items.Skip(i * 5).Take(5).ToList();
            string list = string.Join("\n", candidates.Select(c => $"- {c.Id}: {c.Title}"));
            string answer = i % 3 == 2 ? "Ask[Which genre do you enjoy most?]" : $"Recommend[{candidates[0].Id}, {candidates[1].Id}]";
            return JsonSerializer.Serialize(new
            {
                messages = new object[]
                {
                    new { role = "system", content = "You are a movie recommender. Answer with one action: Ask[question], Search[query], Recommend[id, ...] or Response[text]." },
                    new { role = "user", content = $"{request}\n\nCandidates:\n{list}" },
                    new { role = "assistant", content = answer },
                },
                persona = i,
            });
        });
        string path = TestModels.NewPath("trajectories.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private sealed class Synchronous<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
