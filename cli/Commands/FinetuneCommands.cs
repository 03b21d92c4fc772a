using System.CommandLine;
using System.Globalization;
using AgentRec.Agents.Defaults;
using AgentRec.Agents.Training;
using AgentRec.Cli.Evaluation;
using AgentRec.Core.Catalog;
using AgentRec.Core.Dialogues;
using AgentRec.Evaluation.Simulation;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Models;
using AgentRec.Finetune.Nano;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Models;
using AgentRec.Llm.Runtime;
using AgentRec.Simulator.Personas;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec train sft|cft|dpo`: fine-tune a GGUF model on a JSONL data set (LoRA or full) and export the merged
/// model; `agentrec train nano`: build the agentrec-nano model from the shipped catalog and teacher trajectories.
/// </summary>
internal static class FinetuneCommands
{
    /// <summary>The evaluation runs use persona seeds 1–3; nano's training trajectories are drawn far from them.</summary>
    private const int NanoCollectSeed = 1001;

    public static Command Sft() => Objective("sft", "Supervised fine-tuning on chat JSONL ({\"messages\": [...]}), e.g. from `agentrec collect --teacher`.");

    public static Command Cft() => Objective("cft", "Counterfactual fine-tuning on JSONL ({\"history\", \"prompt\", \"answer\", \"system\"?}).");

    public static Command Dpo() => Objective("dpo", "Direct preference optimisation on JSONL ({\"prompt\": [messages], \"chosen\", \"rejected\"}).");

    private static Command Objective(string name, string description)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Base GGUF (F32, F16, BF16 or Q8_0).", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "Training JSONL.", Required = true };
        var evaluation = new Option<FileInfo?>("--eval") { Description = "Held-out JSONL of the same format." };
        var rank = new Option<int>("--lora-rank") { Description = "LoRA rank.", DefaultValueFactory = _ => 8 };
        var alpha = new Option<float>("--lora-alpha") { Description = "LoRA alpha (scale alpha / rank).", DefaultValueFactory = _ => 16f };
        var full = new Option<bool>("--full") { Description = "Train every weight instead of LoRA adapters." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 1 };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many optimizer steps (within --epochs passes over the data)." };
        var rate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 2e-4 };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Examples per micro-batch.", DefaultValueFactory = _ => 4 };
        var accumulate = new Option<int>("--accumulate") { Description = "Micro-batches per optimizer step.", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-length") { Description = "Longest sequence in tokens (longer ones lose their start).", DefaultValueFactory = _ => 2048 };
        var beta = new Option<double>("--beta") { Description = "DPO: β of the preference loss.", DefaultValueFactory = _ => 0.1 };
        var evaluateEvery = new Option<int>("--eval-every") { Description = "Held-out loss every N steps (0: at start and end).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of data order and dropout.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var type = new Option<string>("--type") { Description = "Storage of the exported matrices: f16 or f32.", DefaultValueFactory = _ => "f16" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The fine-tuned model (adapters merged), written atomically.", Required = true };
        var adapter = new Option<FileInfo?>("--adapter-out") { Description = "Also write the LoRA adapter GGUF here." };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file: the run resumes from it if present." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint interval in steps (with --checkpoint).", DefaultValueFactory = _ => 50 };
        var command = new Command(name, description)
        {
            model, data, evaluation, rank, alpha, full, epochs, maxSteps, rate, warmup, batch, accumulate, maxLength, evaluateEvery,
            seed, threads, type, output, adapter, checkpoint, checkpointEvery,
        };
        if (name == "dpo")
        {
            command.Options.Add(beta);
        }

        command.SetAction((parse, cancellationToken) => Guard(async () =>
        {
            string basePath = parse.GetValue(model)!.FullName;
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException($"Model '{basePath}' does not exist.", basePath);
            }

            bool lora = !parse.GetValue(full);
            if (!lora && parse.GetValue(adapter) is not null)
            {
                throw new ArgumentException("--adapter-out needs LoRA; drop --full.");
            }

            IFinetuneObjective train;
            IFinetuneObjective? heldOut = null;
            using (var runtime = LlamaModel.Load(basePath))
            {
                var tokenizer = new ChatTokenizer(runtime, parse.GetValue(maxLength));
                train = Read(name, parse.GetValue(data)!.FullName, tokenizer, parse.GetValue(beta));
                if (parse.GetValue(evaluation) is { } evaluationFile)
                {
                    heldOut = Read(name, evaluationFile.FullName, tokenizer, parse.GetValue(beta));
                }
            }

            var options = new FinetuneOptions
            {
                Epochs = parse.GetValue(epochs),
                MaxSteps = parse.GetValue(maxSteps),
                BatchSize = parse.GetValue(batch),
                GradientAccumulation = parse.GetValue(accumulate),
                LearningRate = parse.GetValue(rate),
                WarmupSteps = parse.GetValue(warmup),
                EvaluateEvery = parse.GetValue(evaluateEvery),
                EvaluationBatchSize = parse.GetValue(batch),
                CheckpointPath = parse.GetValue(checkpoint)?.FullName,
                CheckpointEvery = parse.GetValue(checkpoint) is null ? 0 : parse.GetValue(checkpointEvery),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                BaseModelPath = basePath,
                MergedExportPath = parse.GetValue(output)!.FullName,
                AdapterExportPath = parse.GetValue(adapter)?.FullName,
                ExportType = ExportType(parse.GetValue(type)!),
            };
            AnsiConsole.MarkupLine($"[grey]{name}: {train.Count} examples{(heldOut is null ? string.Empty : $", {heldOut.Count} held out")}, {(lora ? $"LoRA rank {parse.GetValue(rank)}" : "full weights")}[/]");
            var loraOptions = lora ? new LoraOptions { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraOptions.KnownTargets, Seed = parse.GetValue(seed) } : null;
            await TrainAsync(basePath, train, heldOut, loraOptions, options, cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    public static Command Nano()
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "The finished model.", DefaultValueFactory = _ => new FileInfo("agentrec-nano.gguf") };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Stage outputs and checkpoints (default: <out>.work); rerun with it to resume." };
        var seed = new Option<long>("--seed") { Description = "Seed of tokenizer, weights and data order.", DefaultValueFactory = _ => 1 };
        var defaults = new NanoOptions();
        var pretrainSteps = new Option<int>("--pretrain-steps") { Description = "Pre-training steps on the catalog texts.", DefaultValueFactory = _ => defaults.PretrainSteps };
        var sftSteps = new Option<int>("--sft-steps") { Description = "SFT steps on the teacher trajectories.", DefaultValueFactory = _ => defaults.SftSteps };
        var pretrainBatch = new Option<int>("--pretrain-batch") { Description = "Windows per pre-training step.", DefaultValueFactory = _ => defaults.PretrainBatchSize };
        var pretrainRate = new Option<double>("--pretrain-lr") { Description = "Peak learning rate of pre-training.", DefaultValueFactory = _ => defaults.PretrainLearningRate };
        var sftRate = new Option<double>("--sft-lr") { Description = "Peak learning rate of SFT.", DefaultValueFactory = _ => defaults.SftLearningRate };
        var sftBatch = new Option<int>("--sft-batch") { Description = "Trajectories per SFT step.", DefaultValueFactory = _ => defaults.SftBatchSize };
        var users = new Option<int>("--users") { Description = "Simulated users whose teacher sessions become SFT data.", DefaultValueFactory = _ => 1000 };
        var collectSeed = new Option<int>("--collect-seed") { Description = "Persona seed of the trajectories (keep it away from the evaluation seeds 1–3).", DefaultValueFactory = _ => NanoCollectSeed };
        var turns = new Option<int>("--turns") { Description = "Most agent turns per session.", DefaultValueFactory = _ => 5 };
        var parallel = new Option<int>("--parallel") { Description = "Sessions at once while collecting.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var type = new Option<string>("--type") { Description = "Storage of the exported matrices: f16 or f32.", DefaultValueFactory = _ => "f16" };
        var excludeEvaluation = new Option<int>("--exclude-eval-users") { Description = "Dialogues of the first N evaluation users of seeds 1–3 are not used for training.", DefaultValueFactory = _ => 500 };
        var context = new Option<int>("--context") { Description = "Context length of the model (and longest SFT sequence).", DefaultValueFactory = _ => defaults.ContextLength };
        var command = new Command("nano", "Build agentrec-nano: tokenizer, pre-training on the shipped catalog texts, SFT on scripted-teacher trajectories.")
        {
            output, work, seed, pretrainSteps, sftSteps, pretrainBatch, sftBatch, pretrainRate, sftRate, users, collectSeed, turns, parallel, threads, type, context, excludeEvaluation,
        };
        command.SetAction((parse, cancellationToken) => Guard(async () =>
        {
            string outputPath = parse.GetValue(output)!.FullName;
            string workPath = parse.GetValue(work)?.FullName ?? outputPath + ".work";
            if (parse.GetValue(collectSeed) is >= 1 and <= 3)
            {
                throw new ArgumentException($"--collect-seed {parse.GetValue(collectSeed)} is an evaluation seed (1–3); training users must differ.");
            }

            var options = defaults with
            {
                Seed = parse.GetValue(seed),
                PretrainSteps = parse.GetValue(pretrainSteps),
                SftSteps = parse.GetValue(sftSteps),
                PretrainBatchSize = parse.GetValue(pretrainBatch),
                SftBatchSize = parse.GetValue(sftBatch),
                PretrainLearningRate = parse.GetValue(pretrainRate),
                SftLearningRate = parse.GetValue(sftRate),
                Threads = parse.GetValue(threads),
                ExportType = ExportType(parse.GetValue(type)!),
                ContextLength = parse.GetValue(context),
            };
            options.Validate();
            Directory.CreateDirectory(workPath);

            // Catalog texts only: the simulated users' targets come from the ReDial dialogues, which stay out of training.
            var cacheRoot = ModelStore.DefaultRoot();
            var setup = await TrainingSetupAsync(cacheRoot, parse.GetValue(users), parse.GetValue(collectSeed), parse.GetValue(excludeEvaluation), cancellationToken).ConfigureAwait(false);
            string[] corpus = [.. setup.Catalog.Items.Select(ItemTextBuilder.Default.Build)];
            string trajectories = Path.Combine(workPath, "trajectories.jsonl");
            if (File.Exists(trajectories))
            {
                AnsiConsole.MarkupLine($"[grey]Trajectories: reusing {Markup.Escape(trajectories)}[/]");
            }
            else
            {
                await CollectAsync(setup, cacheRoot, trajectories, parse.GetValue(collectSeed), parse.GetValue(turns), parse.GetValue(parallel), cancellationToken).ConfigureAwait(false);
            }

            AnsiConsole.MarkupLine($"[grey]{corpus.Length:N0} catalog texts; work folder {Markup.Escape(workPath)}[/]");
            NanoReport report = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = Enum.GetValues<NanoStage>().ToDictionary(s => s, s => context.AddTask(s.ToString(), autoStart: false, maxValue: 1));
                    var progress = new Progress<NanoProgress>(p =>
                    {
                        var task = tasks[p.Stage];
                        task.StartTask();
                        task.Description = Markup.Escape(p.Message);
                        if (p.Step is { } step)
                        {
                            task.MaxValue = step.TotalSteps;
                            task.Value = step.Step;
                        }

                        if (p.Completed)
                        {
                            task.Value = task.MaxValue;
                            task.StopTask();
                        }
                    });
                    report = await new NanoRecipe().RunAsync(corpus, trajectories, outputPath, workPath, options, progress, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);

            foreach (var stage in report.Stages)
            {
                AnsiConsole.MarkupLine(Invariant($"[grey]{stage.Stage}: {(stage.Reused ? "reused" : $"{stage.Seconds:F0} s")}{(stage.Steps > 0 ? $", {stage.Steps} steps, {stage.TokensPerSecond:F0} tok/s, held-out loss {stage.InitialLoss:F3} → {stage.FinalLoss:F3}" : string.Empty)}[/]"));
            }

            if (report[NanoStage.Sft].Truncated is > 0 and var truncated)
            {
                AnsiConsole.MarkupLine($"[yellow]{truncated} SFT sequences reached the context of {options.ContextLength} tokens and lost their start; consider --context {options.ContextLength * 2}.[/]");
            }

            AnsiConsole.MarkupLine(Invariant($"Wrote {Markup.Escape(report.ModelPath)} ({report.Parameters:N0} parameters, {report.ModelBytes / 1e6:F1} MB); report {Markup.Escape(NanoRecipe.ReportPath(outputPath))}"));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Fine-tunes the GGUF at <paramref name="basePath"/> (LoRA adapters when <paramref name="lora"/> is given, else every
    /// weight) under a progress bar and writes the merged model to <see cref="FinetuneOptions.MergedExportPath"/>.
    /// </summary>
    internal static async Task<FinetuneResult> TrainAsync(
        string basePath, IFinetuneObjective train, IFinetuneObjective? heldOut, LoraOptions? lora, FinetuneOptions options, CancellationToken cancellationToken)
    {
        using var torchModel = GgufWeightLoader.Load(basePath);
        if (lora is not null)
        {
            torchModel.AttachLora(lora);
        }

        FinetuneResult result = null!;
        await ProgressBar(async progress =>
            result = await new FinetuneTrainer().TrainAsync(torchModel, train, heldOut, options, progress, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        AnsiConsole.MarkupLine(Invariant($"[grey]{result.Steps} steps, final loss {result.StepLosses[^1]:F4}{(result.EvaluationLosses.Count > 0 ? $", held-out {result.EvaluationLosses[0].Loss:F4} → {result.EvaluationLosses[^1].Loss:F4}" : string.Empty)}, {result.TokensPerSecond:F0} tok/s; wrote {Markup.Escape(options.MergedExportPath!)}[/]"));
        return result;
    }

    /// <summary>
    /// The shipped catalog with <paramref name="users"/> training personas instead of evaluation ones: drawn with the
    /// collection seed from dialogues that none of the first <paramref name="excluded"/> evaluation users of seeds 1–3
    /// come from (a different seed alone would still share many dialogues).
    /// </summary>
    internal static async Task<EvaluationSetup> TrainingSetupAsync(string cacheRoot, int users, int seed, int excluded, CancellationToken cancellationToken)
    {
        var setup = await EvaluationSetup.LoadAsync(EvaluationSetup.DefaultDataset, null, cacheRoot, 0, seed, cancellationToken).ConfigureAwait(false);
        var data = (await DefaultDataset.LoadAsync(cacheRoot, cancellationToken).ConfigureAwait(false)).Value;
        return setup with { Personas = TrainingPersonas(data, users, seed, excluded) };
    }

    private static IReadOnlyList<Persona> TrainingPersonas(DialogueDataset data, int users, int seed, int excluded)
    {
        static string DialogueOf(Persona persona) => persona.UserId.Split('#')[0];
        var builder = new PersonaBuilder();
        var evaluation = new HashSet<string>(
            Enumerable.Range(1, 3).SelectMany(s => builder.FromDialogues(data, excluded, s)).Select(DialogueOf), StringComparer.Ordinal);
        var personas = builder.FromDialogues(data, users + evaluation.Count, seed).Where(p => !evaluation.Contains(DialogueOf(p))).Take(users).ToList();
        AnsiConsole.MarkupLine($"[grey]{personas.Count} training users from dialogues outside the {evaluation.Count} of the evaluation users (seeds 1–3, first {excluded} each)[/]");
        return personas;
    }

    /// <summary>Teacher trajectories in the order of their text, so the file (and the model) does not depend on session timing.</summary>
    private static async Task CollectAsync(EvaluationSetup setup, string cacheRoot, string path, int seed, int turns, int parallel, CancellationToken cancellationToken)
    {
        var search = await setup.SearchAsync(cacheRoot, cancellationToken).ConfigureAwait(false);
        string unsorted = path + ".unsorted";
        using (var recorder = new TrajectoryRecorder(unsorted))
        {
            var client = new ScriptedTeacherChatClient(new AgentRec.Agents.Llm.LlmAgentOptions().ItemsPerTurn);
            await CollectCommand.RecordAsync(
                setup, search, client, recorder.Record, null, seed, turns, parallel,
                p => $"{p.Finished}/{p.Total} teacher sessions, {recorder.Written} turns", cancellationToken).ConfigureAwait(false);
            recorder.Complete();
        }

        var lines = File.ReadAllLines(unsorted).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToArray();
        AgentRec.Core.IO.AtomicFile.WriteAllLines(path, lines);
        File.Delete(unsorted);
        AnsiConsole.MarkupLine($"[grey]{lines.Length:N0} teacher turns written to {Markup.Escape(path)}[/]");
    }

    /// <summary>
    /// <see cref="CommandErrors.Guard"/>, plus the trainer's and recipe's refusals (a checkpoint or work folder of
    /// another run, a diverged loss): expected failures whose message says what to do, not crashes.
    /// </summary>
    internal static Task<int> Guard(Func<Task<int>> action) => CommandErrors.Guard(async () =>
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex.Source is "AgentRec.Finetune")
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message.ReplaceLineEndings(" ").Trim()).ConfigureAwait(false);
            return 1;
        }
    });

    internal static IFinetuneObjective Read(string name, string path, ChatTokenizer tokenizer, double beta) => name switch
    {
        "sft" => new SftObjective([.. JsonlDatasets.ReadSft(path).Select((e, i) => tokenizer.Sft(e, i))]),
        "cft" => new CftObjective([.. JsonlDatasets.ReadCft(path).Select((e, i) => tokenizer.Cft(e, i))]),
        "dpo" => new DpoObjective([.. JsonlDatasets.ReadDpo(path).Select((e, i) => tokenizer.Dpo(e, i))], beta),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown objective"),
    };

    internal static GgmlType ExportType(string text) => text.ToLowerInvariant() switch
    {
        "f16" => GgmlType.F16,
        "f32" => GgmlType.F32,
        _ => throw new ArgumentException($"--type '{text}': use f16 or f32."),
    };

    /// <summary>A Spectre progress bar fed by the trainer's step reports (step, loss, lr, tokens/s).</summary>
    private static Task ProgressBar(Func<IProgress<FinetuneProgress>, Task> run) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                await run(new Progress<FinetuneProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    task.Description = Markup.Escape(p.ToString());
                })).ConfigureAwait(false);
            });

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
