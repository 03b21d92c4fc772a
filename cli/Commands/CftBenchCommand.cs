using System.CommandLine;
using AgentRec.Cli.Evaluation;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.IO;
using AgentRec.Finetune.Recommendation;
using AgentRec.Llm.Models;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec bench cft`: SFT vs SFT+CFT on next-item generation (item titles in, item title out), each generation
/// grounded in the catalog and ranked in full; prints a Markdown table and writes a JSON summary.
/// </summary>
internal static class CftBenchCommand
{
    public static Command Create()
    {
        var defaults = new CftBenchmarkOptions();
        var dataset = new Option<string>("--dataset") { Description = "ml-100k (leave-one-out) or amazon-industrial / amazon-office (train on valid, test on test).", Required = true };
        var dataRoot = new Option<string>("--data-root") { Description = "Folder holding the datasets (e.g. ../shared/data).", Required = true };
        var model = new Option<FileInfo>("--model", "-m") { Description = "Base GGUF both methods start from (F32, F16, BF16 or Q8_0).", Required = true };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Models, checkpoints, generations and stage records (default: bench/cft/DATASET-MODEL in the AgentRec folder); rerun with it to resume." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "JSON summary (default: results.json in the work folder)." };
        var targets = new Option<int>("--targets-per-user") { Description = "ml-100k: training targets per user, from the end of the training part.", DefaultValueFactory = _ => defaults.Examples.TargetsPerUser };
        var history = new Option<int>("--history") { Description = "Most history titles before a target.", DefaultValueFactory = _ => defaults.Examples.HistoryLength };
        var full = new Option<bool>("--full") { Description = "Train every weight instead of LoRA adapters." };
        var rank = new Option<int>("--lora-rank") { Description = "LoRA rank.", DefaultValueFactory = _ => defaults.LoraRank };
        var alpha = new Option<float>("--lora-alpha") { Description = "LoRA alpha (scale alpha / rank).", DefaultValueFactory = _ => defaults.LoraAlpha };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training rows.", DefaultValueFactory = _ => defaults.Epochs };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many optimizer steps." };
        var rate = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps.", DefaultValueFactory = _ => defaults.WarmupSteps };
        var batch = new Option<int>("--batch") { Description = "Examples per optimizer step.", DefaultValueFactory = _ => defaults.BatchSize };
        var maxLength = new Option<int?>("--max-length") { Description = "Token budget of a sequence (prompt + answer); default: the model's context, at most 2048." };
        var seed = new Option<long>("--seed") { Description = "Seed of data order, dropout and LoRA initialisation (the same for both methods).", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Torch and llama.cpp threads (0: chosen by each).", DefaultValueFactory = _ => defaults.Threads };
        var type = new Option<string>("--type") { Description = "Storage of the exported matrices: f16 or f32.", DefaultValueFactory = _ => "f16" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint interval in steps.", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var testUsers = new Option<int?>("--test-users") { Description = "Evaluate only the first N test rows (default: all)." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Most tokens of a generated title.", DefaultValueFactory = _ => defaults.MaxNewTokens };
        var parallel = new Option<int>("--parallel") { Description = "Generations decoded together.", DefaultValueFactory = _ => defaults.Parallel };
        var command = new Command("cft", "SFT vs SFT+CFT (counterfactual fine-tuning) on next-item title generation: train both from one base GGUF, generate greedily, ground titles in the catalog, HR/NDCG@1/5/10/20 with full ranking.")
        {
            dataset, dataRoot, model, work, output, targets, history, full, rank, alpha, epochs, maxSteps, rate, warmup, batch, maxLength,
            seed, threads, type, checkpointEvery, testUsers, maxNew, parallel,
        };
        command.SetAction((parse, cancellationToken) => FinetuneCommands.Guard(async () =>
        {
            var options = new CftBenchmarkOptions
            {
                Examples = new NextTitleSplitOptions { TargetsPerUser = parse.GetValue(targets), HistoryLength = parse.GetValue(history) },
                Lora = !parse.GetValue(full),
                LoraRank = parse.GetValue(rank),
                LoraAlpha = parse.GetValue(alpha),
                Epochs = parse.GetValue(epochs),
                MaxSteps = parse.GetValue(maxSteps),
                LearningRate = parse.GetValue(rate),
                WarmupSteps = parse.GetValue(warmup),
                BatchSize = parse.GetValue(batch),
                MaxLength = parse.GetValue(maxLength),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                ExportType = FinetuneCommands.ExportType(parse.GetValue(type)!),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                TestRows = parse.GetValue(testUsers),
                MaxNewTokens = parse.GetValue(maxNew),
                Parallel = parse.GetValue(parallel),
            };
            options.Validate();
            string basePath = parse.GetValue(model)!.FullName;
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException($"Model '{basePath}' does not exist.", basePath);
            }

            string name = parse.GetValue(dataset)!;
            var split = await LoadAsync(name, parse.GetValue(dataRoot)!, options.Examples, cancellationToken).ConfigureAwait(false);
            string workPath = parse.GetValue(work)?.FullName
                ?? Path.Combine(ModelStore.DefaultRoot(), "bench", "cft", $"{split.Dataset}-{Path.GetFileNameWithoutExtension(basePath)}");
            var summary = await CftBenchmark.RunAsync(split, basePath, workPath, options, parse.GetValue(CliOptions.Verbose), cancellationToken).ConfigureAwait(false);
            string jsonPath = parse.GetValue(output)?.FullName ?? Path.Combine(workPath, "results.json");
            AtomicFile.WriteAllText(jsonPath, summary.ToJson() + "\n");
            Console.Out.Write(summary.ToMarkdown());
            AnsiConsole.MarkupLine($"[grey]summary {Markup.Escape(jsonPath)}[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>The next-title split of a titled dataset under <paramref name="dataRoot"/>.</summary>
    internal static async Task<NextTitleSplit> LoadAsync(string dataset, string dataRoot, NextTitleSplitOptions options, CancellationToken cancellationToken)
    {
        var descriptor = DatasetRegistry.Describe(dataset);
        return descriptor.Kind switch
        {
            DatasetKind.NextItem => NextTitleSplits.FromNextItem(
                (await DatasetRegistry.LoadNextItemDatasetAsync(descriptor.Name, dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value, options),
            DatasetKind.Sequences => NextTitleSplits.FromSequences(
                (await DatasetRegistry.LoadSequenceDatasetAsync(descriptor.Name, dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value, options),
            _ => throw new ArgumentException($"Dataset '{descriptor.Name}' holds {descriptor.Kind}; bench cft needs titled items with histories: ml-100k, amazon-industrial or amazon-office."),
        };
    }
}
