using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentRec.Cli.Commands;
using AgentRec.Cli.Hosting;
using AgentRec.Core.IO;
using AgentRec.Core.NextItem;
using AgentRec.Core.Threading;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Recommendation;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentRec.Cli.Evaluation;

/// <summary>
/// The CFT experiment (arXiv 2410.22809) on next-item generation: from one base GGUF, SFT and SFT+CFT are trained
/// with the same data, seed and options and exported merged; each then generates the next title of every test row
/// greedily; generations are grounded in the catalog (<see cref="TitleGrounding"/>) and ranked in full. Every stage
/// leaves its output and then a record in the work folder, so a rerun skips what is done, and the trainer resumes an
/// interrupted run from its checkpoint.
/// </summary>
internal static class CftBenchmark
{
    private const string InputsFile = "inputs.json";

    private static readonly (string Key, string Name)[] Methods = [("sft", "SFT"), ("cft", "SFT+CFT")];

    private static readonly JsonSerializerOptions JsonLines = new(CftBenchmarkSummary.Json) { WriteIndented = false };

    /// <exception cref="ArgumentException">Bad options, no training or test rows, or a work folder of another run.</exception>
    /// <exception cref="FileNotFoundException">The base model does not exist.</exception>
    public static async Task<CftBenchmarkSummary> RunAsync(
        NextTitleSplit split, string basePath, string workPath, CftBenchmarkOptions options, bool verbose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrWhiteSpace(basePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(workPath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        basePath = Path.GetFullPath(basePath);
        if (!File.Exists(basePath))
        {
            throw new FileNotFoundException($"Model '{basePath}' does not exist.", basePath);
        }

        if (split.Train.Count == 0 || split.Test.Count == 0)
        {
            throw new ArgumentException($"Dataset '{split.Dataset}' gives {split.Train.Count} training and {split.Test.Count} test rows; both are needed.");
        }

        IReadOnlyList<NextItemExample> tests = options.TestRows is { } cap ? [.. split.Test.Take(cap)] : split.Test;
        string work = Path.GetFullPath(workPath);
        Directory.CreateDirectory(work);
        CheckInputs(work, split, basePath, options);

        bool train = Methods.Any(m => ReadTraining(work, m.Key) is null);
        var prepared = Prepare(split.Train, tests, basePath, options, train);
        AnsiConsole.MarkupLine(FinetuneCommands.Invariant(
            $"[grey]{split.Dataset}: {split.Train.Count:N0} training rows, {tests.Count:N0} test rows, {split.Catalog.Count:N0} catalog items; max length {prepared.MaxLength} tokens; work folder {Markup.Escape(work)}[/]"));

        TitleGrounding? grounding = null;
        var runs = new List<CftBenchmarkRun>();
        var ranks = new List<IReadOnlyList<int>>();
        foreach (var (key, name) in Methods)
        {
            var training = ReadTraining(work, key) ?? await TrainAsync(key, name, basePath, work, prepared.TrainPairs!, options, cancellationToken).ConfigureAwait(false);
            string model = Path.Combine(work, training.Model);
            var (generations, seconds) = await GenerationsAsync(key, name, model, work, tests, prepared, options, verbose, cancellationToken).ConfigureAwait(false);
            GroundedRanking ranked = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(context =>
            {
                var task = context.AddTask($"{Markup.Escape(name)}: grounding and ranking", maxValue: tests.Count);
                grounding ??= TitleGrounding.Fit(split.Catalog, cancellationToken);
                ranked = grounding.Evaluate(tests, generations, new InlineProgress<int>(done => task.Value = done), cancellationToken);
            });
            ranks.Add(ranked.Ranks);
            runs.Add(new CftBenchmarkRun
            {
                Method = name,
                Model = model,
                Steps = training.Steps,
                FinalTrainLoss = training.FinalTrainLoss,
                TrainSeconds = training.TrainSeconds,
                GenerationSeconds = seconds,
                TestRows = tests.Count,
                ExactTitleShare = ranked.ExactTitleShare,
                MeanRank = ranked.Ranking.MeanRank,
                Metrics = ranked.Ranking.Metrics,
            });
        }

        return new CftBenchmarkSummary
        {
            Dataset = split.Dataset,
            BaseModel = basePath,
            CatalogItems = split.Catalog.Count,
            TrainExamples = split.Train.Count,
            TestRows = tests.Count,
            MaxLength = prepared.MaxLength,
            Options = options,
            Runs = runs,
            Comparison = CftComparison.Of(ranks[0], ranks[1]),
        };
    }

    /// <summary>
    /// With the base model's tokenizer and chat template: the token budget, the test prompts (oldest titles dropped
    /// until prompt + answer fit), and, when some method still trains, the training rows fitted the same way and
    /// tokenised as CFT pairs. SFT trains on the pairs' factual sequences, so both methods see identical inputs.
    /// </summary>
    private static Prepared Prepare(IReadOnlyList<NextItemExample> trainRows, IReadOnlyList<NextItemExample> tests, string basePath, CftBenchmarkOptions options, bool train)
    {
        using var runtime = LlamaModel.Load(basePath);
        int maxLength = options.MaxLength ?? Math.Min(runtime.ContextLength > 0 ? runtime.ContextLength : 2048, 2048);
        if (maxLength <= options.MaxNewTokens + 16)
        {
            throw new ArgumentException($"The model's context of {maxLength} tokens leaves no room for a prompt besides --max-new-tokens {options.MaxNewTokens}.");
        }

        var tokenizer = new ChatTokenizer(runtime, maxLength);
        int budget = maxLength - options.MaxNewTokens;
        CftExample[] testExamples = [];
        int longest = 0;
        CftPair[]? pairs = null;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(context =>
        {
            var testTask = context.AddTask("fitting test prompts", maxValue: tests.Count);
            testExamples = [.. tests.Select(row =>
            {
                testTask.Increment(1);
                return NextTitlePrompts.Fit(row, tokenizer, runtime, budget);
            })];
            longest = testExamples.Max(e => NextTitlePrompts.PromptTokenCount(e, tokenizer, runtime));
            if (train)
            {
                var trainTask = context.AddTask("tokenizing training examples", maxValue: trainRows.Count);
                pairs = [.. trainRows.Select((row, i) =>
                {
                    trainTask.Increment(1);
                    return tokenizer.Cft(NextTitlePrompts.Fit(row, tokenizer, runtime, budget), i);
                })];
            }
        });
        return new Prepared(maxLength, testExamples, longest, pairs);
    }

    private static async Task<CftTrainingRecord> TrainAsync(
        string key, string name, string basePath, string work, CftPair[] pairs, CftBenchmarkOptions options, CancellationToken cancellationToken)
    {
        IFinetuneObjective objective = key == "sft"
            ? new SftObjective([.. pairs.Select(p => p.Factual)])
            : new CftObjective(pairs, options.CftBeta, options.CftWeight);
        string checkpoint = Path.Combine(work, key + ".ckpt");
        string model = key + ".gguf";
        var finetune = new FinetuneOptions
        {
            Epochs = options.Epochs,
            MaxSteps = options.MaxSteps,
            BatchSize = options.BatchSize,
            EvaluationBatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            WarmupSteps = options.WarmupSteps,
            CheckpointPath = checkpoint,
            CheckpointEvery = options.CheckpointEvery,
            Seed = options.Seed,
            Threads = options.Threads,
            BaseModelPath = basePath,
            MergedExportPath = Path.Combine(work, model),
            ExportType = options.ExportType,
        };
        var lora = options.Lora
            ? new LoraOptions { Rank = options.LoraRank, Alpha = options.LoraAlpha, Targets = LoraOptions.KnownTargets, Seed = options.Seed }
            : null;
        AnsiConsole.MarkupLine(FinetuneCommands.Invariant($"[bold]{name}[/]: training on {pairs.Length:N0} examples, {(lora is null ? "full weights" : $"LoRA rank {lora.Rank}")}"));
        var result = await FinetuneCommands.TrainAsync(basePath, objective, null, lora, finetune, cancellationToken).ConfigureAwait(false);
        // The trainer takes at least one step: options and data are validated non-empty.
        var record = new CftTrainingRecord(name, model, pairs.Length, result.Steps, result.StepLosses.TakeLast(10).Average(), result.TrainSeconds, result.TokensPerSecond);
        AtomicFile.WriteAllBytes(TrainingRecordPath(work, key), JsonSerializer.SerializeToUtf8Bytes(record, CftBenchmarkSummary.Json));
        File.Delete(checkpoint); // the exported model replaces it
        return record;
    }

    private static CftTrainingRecord? ReadTraining(string work, string key)
    {
        string path = TrainingRecordPath(work, key);
        if (!File.Exists(path))
        {
            return null;
        }

        var record = Read<CftTrainingRecord>(path);
        return File.Exists(Path.Combine(work, record.Model)) ? record : null;
    }

    /// <summary>The method's generations, reused from the work folder when its record matches, else decoded now.</summary>
    private static async Task<(IReadOnlyList<string> Generations, double Seconds)> GenerationsAsync(
        string key, string name, string model, string work, IReadOnlyList<NextItemExample> tests, Prepared prepared,
        CftBenchmarkOptions options, bool verbose, CancellationToken cancellationToken)
    {
        string file = key + ".generations.jsonl";
        string path = Path.Combine(work, file);
        string recordPath = Path.Combine(work, key + ".generate.json");
        string fingerprint = GenerationFingerprint(model, prepared.TestExamples, options.MaxNewTokens);
        if (File.Exists(recordPath) && File.Exists(path) && Read<CftGenerationRecord>(recordPath) is { } saved && saved.Fingerprint == fingerprint)
        {
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<CftGeneration>(l, CftBenchmarkSummary.Json)!.Generated).ToList();
            if (lines.Count == tests.Count)
            {
                AnsiConsole.MarkupLine($"[grey]{name}: reusing {lines.Count:N0} generations from {Markup.Escape(path)}[/]");
                return (lines, saved.Seconds);
            }
        }

        var clock = Stopwatch.StartNew();
        var generations = await GenerateAsync(name, model, prepared, options, verbose, cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        AtomicFile.WriteAllLines(path, tests.Select((row, i) =>
            JsonSerializer.Serialize(new CftGeneration(row.UserId, row.TargetItemId, row.TargetTitle, generations[i]), JsonLines)));
        AtomicFile.WriteAllBytes(recordPath, JsonSerializer.SerializeToUtf8Bytes(new CftGenerationRecord(name, file, tests.Count, fingerprint, seconds), CftBenchmarkSummary.Json));
        return (generations, seconds);
    }

    /// <summary>Greedy decoding through the CLI's chat client: continuous batching over <see cref="CftBenchmarkOptions.Parallel"/> sequences, one line each.</summary>
    private static async Task<string[]> GenerateAsync(string name, string model, Prepared prepared, CftBenchmarkOptions options, bool verbose, CancellationToken cancellationToken)
    {
        var examples = prepared.TestExamples;
        int parallel = Math.Min(options.Parallel, examples.Length);
        // Every running sequence may hold its longest prompt and all its new tokens in the shared KV cache.
        int context = parallel * (prepared.LongestPrompt + options.MaxNewTokens + 8);
        using var host = CliHost.Build(verbose, CliHost.LlmOverrides(model, options.Threads > 0 ? options.Threads : null, parallel, Math.Max(context, 256)));
        var client = host.Services.GetRequiredService<IChatClient>();
        var chat = new ChatOptions { Temperature = 0, MaxOutputTokens = options.MaxNewTokens, StopSequences = ["\n"] };
        var results = new string[examples.Length];
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{Markup.Escape(name)}: generating", maxValue: examples.Length);
                var loop = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(Enumerable.Range(0, examples.Length), loop, async (i, token) =>
                {
                    var messages = NextTitlePrompts.PromptTurns(examples[i]).Select(t => new ChatMessage(new ChatRole(t.Role), t.Content)).ToList();
                    var response = await client.GetResponseAsync(messages, chat, token).ConfigureAwait(false);
                    results[i] = NextTitlePrompts.OneLine(response.Text);
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Refuses a work folder of other training inputs: its models would not belong to this run.</summary>
    private static void CheckInputs(string work, NextTitleSplit split, string basePath, CftBenchmarkOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add(split.Dataset);
        foreach (var row in split.Train)
        {
            Add(row.UserId);
            foreach (string title in row.HistoryTitles)
            {
                Add(title);
            }

            Add(row.TargetTitle);
        }

        var model = new FileInfo(basePath);
        Add(FinetuneCommands.Invariant($"{model.FullName}|{model.Length}|{model.LastWriteTimeUtc.Ticks}"));
        // Settings that change neither the training data nor the weights may differ between runs.
        Add(JsonSerializer.Serialize(options with { TestRows = null, Threads = 0, Parallel = 1, CheckpointEvery = 1 }, CftBenchmarkSummary.Json));
        string fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset());
        string path = Path.Combine(work, InputsFile);
        if (File.Exists(path))
        {
            var saved = Read<WorkInputs>(path);
            if (saved.Fingerprint != fingerprint)
            {
                throw new ArgumentException(
                    $"Work folder '{work}' holds a run of other data, model or training options ({saved.Dataset}, {saved.BaseModel}); delete it or pass another --work.");
            }

            return;
        }

        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new WorkInputs(split.Dataset, basePath, fingerprint), CftBenchmarkSummary.Json));
    }

    private static string GenerationFingerprint(string model, IReadOnlyList<CftExample> prompts, int maxNewTokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var file = new FileInfo(model);
        hash.AppendData(Encoding.UTF8.GetBytes(FinetuneCommands.Invariant($"{file.Length}|{file.LastWriteTimeUtc.Ticks}|{maxNewTokens}")));
        foreach (var prompt in prompts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(prompt.History + "\0" + prompt.Prompt + "\0" + prompt.System + "\0"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static T Read<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), CftBenchmarkSummary.Json)
                ?? throw new InvalidDataException($"Record '{path}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Record '{path}' is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static string TrainingRecordPath(string work, string key) => Path.Combine(work, key + ".train.json");

    private sealed record Prepared(int MaxLength, CftExample[] TestExamples, int LongestPrompt, CftPair[]? TrainPairs);

    private sealed record WorkInputs(string Dataset, string BaseModel, string Fingerprint);
}
