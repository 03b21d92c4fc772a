using System.CommandLine;
using AgentRec.Cli.Evaluation;
using AgentRec.Evaluation.Simulation;
using AgentRec.Llm.Models;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec report RUN [RUN2 ...]`: metrics, plots and (for two or more runs on the same users) pairwise win rates.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Run ids (see `agentrec report --list`).", Arity = ArgumentArity.ZeroOrMore };
        var list = new Option<bool>("--list") { Description = "List the stored runs." };
        var store = new Option<string?>("--store") { Description = "SQLite file of runs (default: runs.db in the AgentRec folder)." };
        var output = new Option<string?>("--out") { Description = "Folder for report.md, report.json and plots." };
        var json = CliOptions.Json();
        var command = new Command("report", "Report stored simulation runs and compare them.") { runs, list, store, output, json };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(() =>
        {
            var cacheRoot = ModelStore.DefaultRoot();
            var path = parse.GetValue(store) ?? Path.Combine(cacheRoot, "runs.db");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No run store at '{path}': run `agentrec simulate` first or pass --store.", path);
            }

            using var runStore = new SimulationRunStore(path);
            var ids = parse.GetValue(runs) ?? [];
            if (parse.GetValue(list) || ids.Length == 0)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn("agent").AddColumn("dataset").AddColumn("users").AddColumn("turns").AddColumn("finished sessions");
                foreach (var run in runStore.Runs())
                {
                    table.AddRow(Markup.Escape(run.RunId), Markup.Escape(run.Agent), Markup.Escape(run.Dataset), run.Users.ToString(), run.MaxTurns.ToString(), runStore.Sessions(run.RunId).Count.ToString());
                }

                AnsiConsole.Write(table);
                return Task.FromResult(0);
            }

            var reports = new List<SimulationReport>();
            foreach (var id in ids)
            {
                var run = runStore.FindRun(id) ?? throw new ArgumentException($"No run '{id}' in {path}; `agentrec report --list` shows the stored runs.");
                reports.Add(SimulationReport.Create(run, runStore.Sessions(id)));
            }

            var winRates = new List<(string, string, double, int)>();
            for (var i = 1; i < ids.Length; i++)
            {
                var (rate, pairs) = PairwiseJudge.WinRate(runStore.Sessions(ids[0]), runStore.Sessions(ids[i]));
                winRates.Add((ids[0], ids[i], rate, pairs));
            }

            var folder = ReportFiles.Write(parse.GetValue(output) ?? Path.Combine(cacheRoot, "reports", string.Join("+", ids)), reports, winRates);
            if (parse.GetValue(json))
            {
                foreach (var report in reports)
                {
                    Console.Out.WriteLine(report.ToJson());
                }

                return Task.FromResult(0);
            }

            ReportFiles.PrintTable(reports);
            foreach (var (first, second, rate, pairs) in winRates)
            {
                AnsiConsole.MarkupLine($"WR {Markup.Escape(first)} vs {Markup.Escape(second)}: [bold]{rate:F3}[/] over {pairs} shared users");
            }

            AnsiConsole.MarkupLine($"[grey]report and plots in {Markup.Escape(folder)}[/]");
            return Task.FromResult(0);
        }));
        return command;
    }
}
