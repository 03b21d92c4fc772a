using System.CommandLine;
using System.Globalization;
using AgentRec.Bench.Llm;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec bench ...`: throughput benchmarks (results belong in docs/benchmarks.md).</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput.");
        command.Subcommands.Add(Llm());
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
