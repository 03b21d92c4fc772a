using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AgentRec.Core.Randomness;
using AgentRec.Core.IO;
using AgentRec.Core.Threading;

namespace AgentRec.Finetune.Nano;

/// <summary>
/// Builds the agentrec-nano model from scratch: (1) a SentencePiece BPE vocabulary trained on the catalog texts and
/// the trajectories, (2) a random-weight llama GGUF with that vocabulary, (3) causal-LM pre-training on the catalog
/// texts, (4) full-weight SFT on the agent trajectories, (5) the merged GGUF copied atomically to the output, with a
/// JSON report beside it. Every stage leaves its output and a record in the work folder; a rerun skips finished
/// stages and the trainer resumes an interrupted one from its checkpoint. Same inputs and seed give the same bytes.
/// </summary>
/// <remarks>
/// The catalog corpus should be item descriptions only: the simulated users' targets come from the ReDial
/// dialogues, so pre-training on those dialogues would leak the answers.
/// </remarks>
public sealed partial class NanoRecipe
{
    private const string TokenizerFile = "tokenizer.json";
    private const string InitialFile = "initial.gguf";
    private const string PretrainedFile = "pretrained.gguf";
    private const string SftFile = "sft.gguf";
    private const string InputsFile = "inputs.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public NanoRecipe(ILoggerFactory? loggerFactory = null)
    {
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<NanoRecipe>();
    }

    /// <summary>The report written beside <paramref name="modelPath"/>: "x.gguf" → "x.report.json".</summary>
    public static string ReportPath(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return Path.ChangeExtension(Path.GetFullPath(modelPath), ".report.json");
    }

    /// <summary>Runs <see cref="Run"/> on a dedicated thread.</summary>
    public Task<NanoReport> RunAsync(
        IEnumerable<string> corpus, string trajectoryPath, string outputPath, string workDirectory, NanoOptions options,
        IProgress<NanoProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Run(corpus, trajectoryPath, outputPath, workDirectory, options, progress, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <param name="corpus">One text per catalog item (title, year, genres, cast, plot); empty texts are skipped.</param>
    /// <param name="trajectoryPath">SFT JSONL (<c>{"messages": [...]}</c>), e.g. from <c>agentrec collect --teacher</c>.</param>
    /// <param name="outputPath">The finished GGUF; its report goes to <see cref="ReportPath"/>.</param>
    /// <param name="workDirectory">Stage outputs and checkpoints; reuse it to resume.</param>
    /// <exception cref="ArgumentException">Bad options, an empty corpus or trajectory file.</exception>
    /// <exception cref="InvalidOperationException">The work folder holds a run of other inputs or options.</exception>
    /// <exception cref="DatasetFormatException">A trajectory line is malformed.</exception>
    public NanoReport Run(
        IEnumerable<string> corpus, string trajectoryPath, string outputPath, string workDirectory, NanoOptions options,
        IProgress<NanoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentException.ThrowIfNullOrEmpty(trajectoryPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(trajectoryPath))
        {
            throw new FileNotFoundException($"Trajectory file '{trajectoryPath}' does not exist.", trajectoryPath);
        }

        string[] texts = [.. corpus.Where(t => !string.IsNullOrWhiteSpace(t))];
        if (texts.Length == 0)
        {
            throw new ArgumentException("The catalog corpus has no non-empty text.", nameof(corpus));
        }

        var trajectories = JsonlDatasets.ReadSft(trajectoryPath);
        if (trajectories.Count == 0)
        {
            throw new ArgumentException($"Trajectory file '{trajectoryPath}' has no examples.", nameof(trajectoryPath));
        }

        string work = Path.GetFullPath(workDirectory);
        Directory.CreateDirectory(work);
        CheckInputs(work, texts, trajectoryPath, options);

        var stages = new List<NanoStageReport>
        {
            Stage(work, NanoStage.Tokenizer, progress, () => TrainTokenizer(work, texts, trajectories, options, progress, cancellationToken)),
        };
        var vocabulary = TrainedVocabulary.Load(Path.Combine(work, TokenizerFile));
        stages.Add(Stage(work, NanoStage.InitialModel, progress, () => WriteInitialModel(work, vocabulary, options, cancellationToken)));
        stages.Add(Stage(work, NanoStage.Pretrain, progress, () => Pretrain(work, texts, vocabulary, options, progress, cancellationToken)));
        stages.Add(Stage(work, NanoStage.Sft, progress, () => Sft(work, trajectories, options, progress, cancellationToken)));
        stages.Add(Export(work, outputPath, progress));

        var shape = options.ModelShape(vocabulary);
        var report = new NanoReport
        {
            Name = options.Name,
            ModelPath = Path.GetFullPath(outputPath),
            ModelBytes = new FileInfo(outputPath).Length,
            Parameters = shape.ParameterCount,
            VocabularySize = vocabulary.Count,
            Layers = options.Layers,
            EmbeddingLength = options.EmbeddingLength,
            HeadCount = options.HeadCount,
            FeedForwardLength = options.FeedForwardLength,
            ContextLength = options.ContextLength,
            Seed = options.Seed,
            CorpusTexts = texts.Length,
            Trajectories = trajectories.Count,
            Stages = stages,
        };
        AtomicFile.WriteAllBytes(ReportPath(outputPath), JsonSerializer.SerializeToUtf8Bytes(report, Json));
        LogFinished(report.ModelPath, report.Parameters, report.ModelBytes);
        return report;
    }

    /// <summary>Runs a stage unless its record is in the work folder (written only after its output).</summary>
    private NanoStageReport Stage(string work, NanoStage stage, IProgress<NanoProgress>? progress, Func<NanoStageReport> run)
    {
        string recordPath = RecordPath(work, stage);
        if (File.Exists(recordPath))
        {
            var saved = JsonSerializer.Deserialize<NanoStageReport>(File.ReadAllBytes(recordPath), Json)
                ?? throw new InvalidDataException($"Stage record '{recordPath}' is empty.");
            if (File.Exists(Path.Combine(work, saved.Output)))
            {
                progress?.Report(new NanoProgress(stage, $"{stage}: done in an earlier run ({saved.Output})", Skipped: true, Completed: true));
                LogSkipped(stage, recordPath);
                return saved with { Reused = true };
            }
        }

        progress?.Report(new NanoProgress(stage, $"{stage}: starting"));
        var clock = Stopwatch.StartNew();
        var report = run() with { Seconds = clock.Elapsed.TotalSeconds };
        AtomicFile.WriteAllBytes(recordPath, JsonSerializer.SerializeToUtf8Bytes(report, Json));
        progress?.Report(new NanoProgress(stage, $"{stage}: done in {report.Seconds:F1} s", Completed: true));
        return report;
    }

    private static NanoStageReport TrainTokenizer(
        string work, string[] texts, IReadOnlyList<SftExample> trajectories, NanoOptions options, IProgress<NanoProgress>? progress, CancellationToken cancellationToken)
    {
        // Prompts repeat the same instructions in every example: each distinct message once is enough for the merges.
        var messages = trajectories.SelectMany(e => e.Messages).Select(m => m.Content).Distinct(StringComparer.Ordinal);
        var trainer = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = options.VocabularySize });
        var tokenizerProgress = progress is null ? null : new InlineProgress<BpeTrainingProgress>(p =>
            progress.Report(new NanoProgress(NanoStage.Tokenizer, $"Tokenizer: {p.Stage} {p.Done}{(p.Total is { } total ? $"/{total}" : string.Empty)}")));
        var result = trainer.Train(texts.Concat(messages), tokenizerProgress, cancellationToken);
        result.Vocabulary.Save(Path.Combine(work, TokenizerFile));
        return new NanoStageReport { Stage = NanoStage.Tokenizer, Output = TokenizerFile, Examples = (int)result.TextCount };
    }

    private static NanoStageReport WriteInitialModel(string work, TrainedVocabulary vocabulary, NanoOptions options, CancellationToken cancellationToken)
    {
        // F32: the stages hand weights on at full precision; only the final export is rounded.
        RandomLlamaModelWriter.Write(Path.Combine(work, InitialFile), options.ModelShape(vocabulary), cancellationToken: cancellationToken);
        return new NanoStageReport { Stage = NanoStage.InitialModel, Output = InitialFile };
    }

    private NanoStageReport Pretrain(string work, string[] texts, TrainedVocabulary vocabulary, NanoOptions options, IProgress<NanoProgress>? progress, CancellationToken cancellationToken)
    {
        var windows = PretrainObjective.Pack(texts.Select(t => (IReadOnlyList<int>)vocabulary.Encode(t)), options.PretrainWindow, SyntheticVocabulary.EndOfSentenceTokenId);
        var (train, held) = Split(windows.Count, options);
        var trainObjective = new PretrainObjective([.. train.Select(i => windows[i])]);
        var heldObjective = held.Length == 0 ? null : new PretrainObjective([.. held.Select(i => windows[i])]);
        string initial = Path.Combine(work, InitialFile);
        using var model = GgufWeightLoader.Load(initial);
        var result = Train(model, trainObjective, heldObjective, NanoStage.Pretrain, options.PretrainSteps, options.PretrainBatchSize,
            options.PretrainLearningRate, options.PretrainWarmupSteps, initial, Path.Combine(work, PretrainedFile), GgmlType.F32,
            Path.Combine(work, "pretrain.ckpt"), options, progress, cancellationToken);
        return StageReport(NanoStage.Pretrain, PretrainedFile, trainObjective.Count, result) with { LongestSequence = windows.Max(w => w.Length) };
    }

    private NanoStageReport Sft(string work, IReadOnlyList<SftExample> trajectories, NanoOptions options, IProgress<NanoProgress>? progress, CancellationToken cancellationToken)
    {
        string pretrained = Path.Combine(work, PretrainedFile);
        TokenizedSequence[] sequences;
        using (var runtime = LlamaModel.Load(pretrained))
        {
            // The chat client's own template and tokenizer: training sees exactly the prompts inference will send.
            var tokenizer = new ChatTokenizer(runtime, options.ContextLength);
            sequences = [.. trajectories.Select((e, i) => tokenizer.Sft(e, i))];
        }

        var (train, held) = Split(sequences.Length, options);
        var trainObjective = new SftObjective([.. train.Select(i => sequences[i])]);
        var heldObjective = held.Length == 0 ? null : new SftObjective([.. held.Select(i => sequences[i])]);
        using var model = GgufWeightLoader.Load(pretrained);
        var result = Train(model, trainObjective, heldObjective, NanoStage.Sft, options.SftSteps, options.SftBatchSize,
            options.SftLearningRate, options.SftWarmupSteps, pretrained, Path.Combine(work, SftFile), options.ExportType,
            Path.Combine(work, "sft.ckpt"), options, progress, cancellationToken);
        return StageReport(NanoStage.Sft, SftFile, trainObjective.Count, result) with
        {
            LongestSequence = sequences.Max(s => s.Length),
            Truncated = sequences.Count(s => s.Length >= options.ContextLength),
        };
    }

    private FinetuneResult Train(
        LlamaTorchModel model, IFinetuneObjective train, IFinetuneObjective? held, NanoStage stage, int steps, int batchSize,
        double learningRate, int warmup, string basePath, string exportPath, GgmlType exportType, string checkpointPath,
        NanoOptions options, IProgress<NanoProgress>? progress, CancellationToken cancellationToken)
    {
        int stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        var trainerOptions = new FinetuneOptions
        {
            Epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch,
            MaxSteps = steps,
            BatchSize = batchSize,
            EvaluationBatchSize = batchSize,
            LearningRate = learningRate,
            WarmupSteps = Math.Min(warmup, steps - 1),
            Decay = LearningRateDecay.Cosine,
            WeightDecay = 0.01,
            MaxGradientNorm = 1.0,
            EvaluateEvery = options.EvaluateEvery,
            CheckpointEvery = options.CheckpointEvery,
            CheckpointPath = checkpointPath,
            Seed = SeedSequence.Derive(options.Seed, (long)stage),
            Threads = options.Threads,
            MergedExportPath = exportPath,
            BaseModelPath = basePath,
            ExportType = exportType,
        };
        var stepProgress = progress is null ? null : new InlineProgress<FinetuneProgress>(p => progress.Report(new NanoProgress(stage, $"{stage}: {p}", p)));
        var result = new FinetuneTrainer(_loggers.CreateLogger<FinetuneTrainer>()).Train(model, train, held, trainerOptions, stepProgress, cancellationToken);
        File.Delete(checkpointPath); // the exported stage output replaces it
        return result;
    }

    private static NanoStageReport StageReport(NanoStage stage, string output, int examples, FinetuneResult result)
    {
        var tail = result.StepLosses.TakeLast(Math.Max(1, Math.Min(10, result.StepLosses.Count / 10)));
        return new NanoStageReport
        {
            Stage = stage,
            Output = output,
            Steps = result.Steps,
            Examples = examples,
            Tokens = result.Tokens,
            TokensPerSecond = result.TokensPerSecond,
            InitialLoss = result.EvaluationLosses.Count > 0 ? result.EvaluationLosses[0].Loss : null,
            FinalLoss = result.EvaluationLosses.Count > 0 ? result.EvaluationLosses[^1].Loss : null,
            FinalTrainLoss = tail.Average(),
        };
    }

    private static NanoStageReport Export(string work, string outputPath, IProgress<NanoProgress>? progress)
    {
        // Always redone: a copy is cheap, and the output may have been moved or replaced since.
        progress?.Report(new NanoProgress(NanoStage.Export, $"Export: {outputPath}"));
        var clock = Stopwatch.StartNew();
        AtomicFile.Copy(Path.Combine(work, SftFile), outputPath);
        progress?.Report(new NanoProgress(NanoStage.Export, $"Export: done", Completed: true));
        return new NanoStageReport { Stage = NanoStage.Export, Output = Path.GetFullPath(outputPath), Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>A seeded choice of held-out indices (none when there is a single item).</summary>
    private static (int[] Train, int[] Held) Split(int count, NanoOptions options)
    {
        if (count < 2)
        {
            return ([.. Enumerable.Range(0, count)], []);
        }

        int[] order = [.. Enumerable.Range(0, count)];
        var random = new Random(SeedSequence.DeriveInt(options.Seed, count, 17));
        random.Shuffle(order);
        int held = Math.Clamp((int)Math.Round(count * options.ValidationShare), 1, Math.Min(64, count - 1));
        return ([.. order[held..].Order()], [.. order[..held].Order()]);
    }

    /// <summary>Refuses a work folder made from other inputs: its stage outputs would not belong to this run.</summary>
    private static void CheckInputs(string work, string[] texts, string trajectoryPath, NanoOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        hash.AppendData(File.ReadAllBytes(trajectoryPath));
        // Settings that do not change the weights may differ between runs.
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(options with { Threads = 0, CheckpointEvery = 0, EvaluateEvery = 0 }, Json));
        string fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset());
        string path = Path.Combine(work, InputsFile);
        if (File.Exists(path))
        {
            string saved = File.ReadAllText(path).Trim();
            if (saved != fingerprint)
            {
                throw new InvalidOperationException(
                    $"Work folder '{work}' holds a run of other inputs or options (fingerprint {saved[..Math.Min(12, saved.Length)]}…, this run {fingerprint[..12]}…). Delete it or choose another work folder.");
            }

            return;
        }

        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(fingerprint + "\n"));
    }

    private static string RecordPath(string work, NanoStage stage) => Path.Combine(work, $"stage-{stage.ToString().ToLowerInvariant()}.json");

    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage} already done ({Record}); skipped")]
    private partial void LogSkipped(NanoStage stage, string record);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Path}: {Parameters} parameters, {Bytes} bytes")]
    private partial void LogFinished(string path, long parameters, long bytes);
}
