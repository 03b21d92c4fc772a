using System.CommandLine;
using System.Globalization;
using AgentRec.Bench.Llm;
using AgentRec.Bench.Sequential;
using AgentRec.Bench.Vectors;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec bench ...`: throughput benchmarks (results belong in docs/benchmarks.md).</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput.");
        command.Subcommands.Add(Llm());
        command.Subcommands.Add(Vectors());
        command.Subcommands.Add(Sequential());
        command.Subcommands.Add(CftBenchCommand.Create());
        return command;
    }

    private static Command Sequential()
    {
        var dataset = new Option<string?>("--dataset") { Description = "beauty, toys, yelp or ml-100k (under --data-root)." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding the datasets (e.g. ../shared/data)." };
        var models = new Option<string[]>("--models") { Description = "Models to train.", DefaultValueFactory = _ => ["sasrec", "cl4srec", "sracl"], AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<long[]>("--seeds") { Description = "Seeds (one run each per model).", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per run.", DefaultValueFactory = _ => 200 };
        var patience = new Option<int>("--patience") { Description = "Epochs without a better valid NDCG@10 before stopping.", DefaultValueFactory = _ => 10 };
        var results = new Option<string[]>("--results") { Description = "Results folder: a checkpoint and, when finished, a JSON summary per run (default: bench/seq/DATASET in the AgentRec folder). Several folders with --summarize.", AllowMultipleArgumentsPerToken = true };
        var summarize = new Option<bool>("--summarize") { Description = "Train nothing: print the table of the runs already in the results folders." };
        var command = new Command("seq", "SASRec / CL4SRec / SRA-CL over seeds, full ranking; resumable; prints test HR/NDCG@5/10/20 mean ± std and seconds per epoch as Markdown.")
        {
            dataset, dataRoot, models, seeds, epochs, patience, results, summarize,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var folders = parse.GetValue(results) ?? [];
            if (parse.GetValue(summarize))
            {
                if (folders.Length == 0)
                {
                    throw new ArgumentException("--summarize reads finished runs: name their folders with --results.");
                }

                Console.Out.Write(SequentialBenchmark.MarkdownTable(folders.SelectMany(SequentialBenchmark.Load)));
                return 0;
            }

            var name = parse.GetValue(dataset) ?? throw new ArgumentException("--dataset is required unless --summarize is given.");
            var root = parse.GetValue(dataRoot) ?? throw new ArgumentException("--data-root is required unless --summarize is given.");
            var folder = folders.Length switch
            {
                0 => Path.Combine(AgentRec.Llm.Models.ModelStore.DefaultRoot(), "bench", "seq", name),
                1 => folders[0],
                _ => throw new ArgumentException("Training writes to one --results folder."),
            };
            var kinds = parse.GetValue(models)!.Select(SequentialCommands.ParseKind).Distinct().ToList();
            var data = await SequentialCommands.LoadAsync(name, root, cancellationToken).ConfigureAwait(false);
            var training = AgentRec.Sequential.Training.TrainingOptions.Default with { Epochs = parse.GetValue(epochs), Patience = parse.GetValue(patience) };
            IReadOnlyList<AgentRec.Sequential.Experiments.ExperimentSummary> summaries = [];
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    ProgressTask? task = null;
                    var run = "";
                    var progress = new Progress<AgentRec.Sequential.Training.TrainingProgress>(p =>
                    {
                        if (task is not null)
                        {
                            task.Description = Markup.Escape($"{run}: {p}");
                        }
                    });
                    summaries = await SequentialBenchmark.RunAsync(
                        data, kinds, parse.GetValue(seeds)!, folder, SequentialCommands.SemanticsAsync, training,
                        (kind, seed) =>
                        {
                            task?.StopTask();
                            run = $"{SequentialBenchmark.Name(kind)} seed {seed}";
                            task = context.AddTask(Markup.Escape(run), maxValue: 1);
                        },
                        progress, cancellationToken).ConfigureAwait(false);
                    task?.StopTask();
                }).ConfigureAwait(false);
            Console.Out.Write(SequentialBenchmark.MarkdownTable(summaries));
            AnsiConsole.MarkupLine($"[grey]runs in {Markup.Escape(folder)}[/]");
            return 0;
        }));
        return command;
    }

    private static Command Vectors()
    {
        var count = new Option<int>("--count") { Description = "Vectors to index.", DefaultValueFactory = _ => 100_000 };
        var dim = new Option<int>("--dim") { Description = "Dimensions.", DefaultValueFactory = _ => 384 };
        var queries = new Option<int>("--queries") { Description = "Queries (held out from the data).", DefaultValueFactory = _ => 1000 };
        var m = new Option<int>("--m") { Description = "HNSW links per node.", DefaultValueFactory = _ => 16 };
        var efConstruction = new Option<int>("--ef-construction") { Description = "HNSW build beam width.", DefaultValueFactory = _ => 100 };
        var efSearch = new Option<int>("--ef-search") { Description = "HNSW search beam width.", DefaultValueFactory = _ => 64 };
        var sweep = new Option<int[]>("--ef-sweep") { Description = "Also measure recall and queries/s at these ef_search values.", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "Query thread counts.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random data and of HNSW levels.", DefaultValueFactory = _ => 42 };
        var vectorPeer = new Option<bool>("--peer") { Description = "Also run hnswlib (hnswlib-node@3.0.0, needs npm) on the same data." };
        var realData = new Option<string?>("--real-data") { Description = "Use real text embeddings (TF-IDF + SVD of the texts under this data folder, e.g. ../shared/data) instead of random vectors; --count is capped at what the texts give." };
        var json = CliOptions.Json();
        var command = new Command("vectors", "HNSW vs exact search: recall@10, queries/s, build time and memory on random vectors.")
        {
            count, dim, queries, m, efConstruction, efSearch, sweep, threads, seed, vectorPeer, realData, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var options = new VectorBenchmarkOptions
            {
                Count = parse.GetValue(count),
                Dimensions = parse.GetValue(dim),
                Queries = parse.GetValue(queries),
                M = parse.GetValue(m),
                EfConstruction = parse.GetValue(efConstruction),
                EfSearch = parse.GetValue(efSearch),
                EfSearchSweep = parse.GetValue(sweep) ?? [],
                Threads = parse.GetValue(threads)!,
                BuildThreads = Math.Max(1, Environment.ProcessorCount),
                Seed = parse.GetValue(seed),
                RunPeer = parse.GetValue(vectorPeer),
            };
            if (parse.GetValue(realData) is { } dataRoot)
            {
                var corpus = await RealEmbeddingCorpus.BuildAsync(dataRoot, options.Dimensions, options.Count + options.Queries, options.Seed, cancellationToken: cancellationToken).ConfigureAwait(false);
                var indexed = corpus.Count - options.Queries;
                if (indexed < 10)
                {
                    throw new ArgumentException($"The texts under '{dataRoot}' give only {corpus.Count} embeddings; need more than --queries ({options.Queries}) + 10.");
                }

                options = options with { Count = indexed, Data = corpus.Vectors };
                Console.Error.WriteLine($"real embeddings: {corpus.Count:N0} of {corpus.DistinctTextCount:N0} distinct texts, {corpus.Dimensions} dims, model {corpus.ModelId}, fitted in {corpus.FitSeconds:F1} s");
            }

            if (parse.GetValue(json))
            {
                var quiet = await VectorSearchBenchmark.RunAsync(options, null, cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine(quiet.ToJson());
                return 0;
            }

            VectorBenchmarkResult result = null!;
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new Progress<VectorBenchmarkProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            task = tasks[p.Stage] = context.AddTask(p.Stage, maxValue: 1);
                        }

                        task.Value = p.Fraction;
                    });
                    result = await VectorSearchBenchmark.RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
                    foreach (var task in tasks.Values)
                    {
                        task.Value = task.MaxValue;
                    }
                }).ConfigureAwait(false);

            var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn("value");
            table.AddRow("vectors × dims", $"{result.Count:N0} × {result.Dimensions}");
            table.AddRow("HNSW m / ef_construction / ef_search", $"{result.M} / {result.EfConstruction} / {result.EfSearch}");
            table.AddRow("recall@10", result.RecallAt10.ToString("F4", CultureInfo.InvariantCulture));
            foreach (var (t, qps) in result.HnswQps)
            {
                var exact = result.ExactQps.GetValueOrDefault(t);
                table.AddRow($"queries/s, {t} thread(s): HNSW / exact", $"{qps:F0} / {exact:F0} ({qps / exact:F1}×)");
            }

            table.AddRow("build", $"{result.BuildSeconds:F1} s");
            table.AddRow("index memory", $"{result.MemoryBytes / (1024.0 * 1024):F1} MiB");
            foreach (var point in result.EfSweep)
            {
                table.AddRow($"ef_search {point.EfSearch}", $"recall@10 {point.RecallAt10:F4}, {point.Qps:F0} queries/s");
            }

            if (result.Peer is { } peer)
            {
                table.AddRow($"{peer.Name} build (1 thread)", $"{peer.BuildSeconds:F1} s");
                foreach (var point in peer.Points)
                {
                    table.AddRow($"{peer.Name} ef_search {point.EfSearch}", $"recall@10 {point.RecallAt10:F4}, {point.Qps:F0} queries/s (1 thread)");
                }
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Llm()
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "GGUF model to measure." };
        var threads = CliOptions.Threads();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length for the prompt-processing test.", DefaultValueFactory = _ => 512 };
        var genTokens = new Option<int>("--gen-tokens") { Description = "Tokens generated per sequence.", DefaultValueFactory = _ => 128 };
        var parallel = new Option<int[]>("--parallel") { Description = "Parallel sequence counts.", DefaultValueFactory = _ => [1, 4, 16], AllowMultipleArgumentsPerToken = true };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed runs per test (median reported).", DefaultValueFactory = _ => 3 };
        var peer = new Option<bool>("--peer") { Description = "Also run node-llama-cpp@3.22.1 on the same model (needs npm)." };
        var json = CliOptions.Json();
        var command = new Command("llm", "Prompt-processing and generation tokens/s, single and parallel sequences.")
        {
            model, threads, promptTokens, genTokens, parallel, repetitions, peer, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var options = new LlmBenchmarkOptions
            {
                ModelPath = parse.GetValue(model)!.FullName,
                Threads = parse.GetValue(threads),
                PromptTokens = parse.GetValue(promptTokens),
                GenerationTokens = parse.GetValue(genTokens),
                Parallel = parse.GetValue(parallel)!,
                Repetitions = parse.GetValue(repetitions),
                RunPeer = parse.GetValue(peer),
            };
            LlmBenchmarkResult result;
            if (parse.GetValue(json))
            {
                result = await LlmThroughputBenchmark.RunAsync(options, null, cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine(result.ToJson());
                return 0;
            }

            result = await AnsiConsole.Status().StartAsync("benchmarking", async status =>
                await LlmThroughputBenchmark.RunAsync(options, new Progress<string>(s => status.Status(s)), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("test").AddColumn("AgentRec tok/s");
            if (result.Peer is not null)
            {
                table.AddColumn(result.Peer.Name + " tok/s").AddColumn("ratio");
            }

            table.AddRow(Row($"pp{options.PromptTokens}", result.PromptTokensPerSecond, result.Peer?.PromptTokensPerSecond));
            table.AddRow(Row($"tg{options.GenerationTokens}", result.GenerationTokensPerSecond, result.Peer?.GenerationTokensPerSecond));
            table.AddRow(Row($"tg{options.GenerationTokens} (1 / median token time)", result.GenerationTokenMedianTokensPerSecond, result.Peer?.GenerationTokenMedianTokensPerSecond));
            foreach (var (count, value) in result.ParallelGenerationTokensPerSecond)
            {
                table.AddRow(Row($"tg{options.GenerationTokens} × {count} parallel (aggregate)", value, null, result.Peer is not null));
            }

            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(result.Model)}, {result.Threads} generation thread(s)[/]");
            if (result.ParallelGenerationTokensPerSecond.TryGetValue("1", out var one) && one > 0)
            {
                foreach (var (count, value) in result.ParallelGenerationTokensPerSecond.Where(kv => kv.Key != "1"))
                {
                    AnsiConsole.MarkupLine($"[grey]{count} parallel sequences: {value / one:F2}× the aggregate throughput of 1[/]");
                }
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static string[] Row(string test, double ours, double? peer, bool hasPeerColumns = false)
    {
        var cells = new List<string> { test, ours.ToString("F1", CultureInfo.InvariantCulture) };
        if (peer is { } p)
        {
            cells.Add(p.ToString("F1", CultureInfo.InvariantCulture));
            cells.Add((ours / p).ToString("F2", CultureInfo.InvariantCulture) + "×");
        }
        else if (hasPeerColumns)
        {
            cells.Add("-");
            cells.Add("-");
        }

        return [.. cells];
    }
}
