using System.CommandLine;
using System.Globalization;
using AgentRec.Agents;
using AgentRec.Agents.Baselines;
using AgentRec.Agents.Catalog;
using AgentRec.Agents.Llm;
using AgentRec.Cli.Evaluation;
using AgentRec.Cli.Hosting;
using AgentRec.Evaluation.Simulation;
using AgentRec.Llm.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec simulate`: simulated users (AILO) against one or more agents; results stored, resumable, reported.</summary>
internal static class SimulateCommand
{
    public static readonly string[] AgentNames = ["llm", "retrieval", "popularity", "sequential"];

    public static Command Create()
    {
        var options = new SimulateCommandOptions();
        var command = new Command("simulate", "Evaluate agents with simulated users: SR, Recall@k, turns, satisfaction (stored in SQLite, resumable).");
        options.AddTo(command, defaultAgents: ["llm"]);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(() => RunAsync(options.Read(parse), cancellationToken)));
        return command;
    }

    public static async Task<int> RunAsync(SimulateSettings settings, CancellationToken cancellationToken)
    {
        var cacheRoot = ModelStore.DefaultRoot();
        var quiet = settings.Json;
        EvaluationSetup setup = null!;
        EmbeddingCatalogSearch search = null!;
        await Status(quiet, "loading dataset and building the catalog index", async () =>
        {
            setup = await EvaluationSetup.LoadAsync(settings.Dataset, settings.DataRoot, cacheRoot, settings.Users, settings.Seed, cancellationToken).ConfigureAwait(false);
            search = await setup.SearchAsync(cacheRoot, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (!quiet)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(setup.Dataset)}: {setup.Catalog.Count:N0} items, {setup.Personas.Count} simulated users, up to {settings.Turns} turns[/]");
        }

        var history = await HistoryRecommenderAsync(settings, setup, cacheRoot, quiet, cancellationToken).ConfigureAwait(false);
        using var store = new SimulationRunStore(settings.StorePath ?? Path.Combine(cacheRoot, "runs.db"));
        var runner = new SimulationRunner(store, new SimulationOptions { MaxTurns = settings.Turns, Parallelism = settings.Parallel, RecallK = settings.RecallK });
        var reports = new List<SimulationReport>();
        Microsoft.Extensions.Hosting.IHost? host = null;
        try
        {
            foreach (var agentName in settings.Agents)
            {
                IRecommenderAgent agent;
                switch (agentName)
                {
                    case "llm":
                        if (host is null)
                        {
                            var modelPath = await ModelResolution.ResolveAsync(settings.Model, cancellationToken).ConfigureAwait(false);
                            host = CliHost.Build(settings.Verbose, CliHost.LlmOverrides(modelPath, parallel: settings.Parallel, contextSize: settings.Parallel * 4096));
                        }

                        agent = new LlmRecommenderAgent(host.Services.GetRequiredService<IChatClient>(), search, history, new LlmAgentOptions { Seed = settings.Seed, CatalogName = setup.Dataset });
                        break;
                    case "retrieval":
                        agent = new RetrievalOnlyAgent(search);
                        break;
                    case "popularity":
                        agent = new HistoryOnlyAgent(new PopularityRecommender(setup.Catalog, setup.Popularity));
                        break;
                    case "sequential":
                        agent = new HistoryOnlyAgent(history!);
                        break;
                    default:
                        throw new ArgumentException($"Unknown agent '{agentName}'; use one of {string.Join(", ", AgentNames)}.");
                }

                var agentLabel = agentName switch
                {
                    "llm" when history is not null => $"llm+{history.Name}",
                    "sequential" => history!.Name,
                    _ => agentName,
                };
                var cases = setup.Personas.Select(p => AiloUser.Case(p)).ToList();
                var run = new RunInfo(
                    settings.RunId is { } prefix ? $"{prefix}-{agentLabel}" : $"{setup.Dataset}-{agentLabel}-s{settings.Seed}-u{cases.Count}-t{settings.Turns}",
                    agentLabel, setup.Dataset, settings.Seed, cases.Count, settings.Turns, settings.RecallK);
                var report = await RunWithProgressAsync(runner, run, agent, cases, setup, quiet, cancellationToken).ConfigureAwait(false);
                reports.Add(report);
                if (quiet)
                {
                    Console.Out.WriteLine(report.ToJson());
                }
            }
        }
        finally
        {
            host?.Dispose();
        }

        var folder = ReportFiles.Write(settings.OutputDirectory ?? Path.Combine(cacheRoot, "reports", reports[^1].Run.RunId), reports);
        if (!quiet)
        {
            ReportFiles.PrintTable(reports);
            AnsiConsole.MarkupLine($"[grey]runs stored in {Markup.Escape(store.Path)}; report, JSON and plots in {Markup.Escape(folder)}[/]");
        }

        return 0;
    }

    /// <summary>
    /// The history recommender the llm agent's history tool and the sequential agent use: a sequential model
    /// (trained or reused, see <see cref="HistoryModels"/>) with popularity for users without a known history.
    /// Null when neither asked for one.
    /// </summary>
    private static async Task<IHistoryRecommender?> HistoryRecommenderAsync(SimulateSettings settings, EvaluationSetup setup, string cacheRoot, bool quiet, CancellationToken cancellationToken)
    {
        var name = settings.HistoryModel ?? (settings.Agents.Contains("sequential") ? "sasrec" : null);
        if (name is null)
        {
            return null;
        }

        var kind = SequentialCommands.ParseKind(name);
        var data = setup.Sequences ?? throw new ArgumentException(
            $"--history-model needs a sequence dataset (ml-100k, beauty, toys, yelp); '{setup.Dataset}' has dialogues, not interaction sequences.");
        var checkpoint = settings.HistoryCheckpoint ?? HistoryModels.DefaultCheckpoint(cacheRoot, setup.Dataset, kind, settings.HistorySeed);
        var model = await HistoryModels.LoadOrTrainAsync(data, kind, checkpoint, settings.HistorySeed, quiet, cancellationToken).ConfigureAwait(false);
        return new FallbackHistoryRecommender(model, new PopularityRecommender(setup.Catalog, setup.Popularity));
    }

    private static async Task<SimulationReport> RunWithProgressAsync(SimulationRunner runner, RunInfo run, IRecommenderAgent agent, IReadOnlyList<SimulatedUserCase> cases, EvaluationSetup setup, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet)
        {
            return await runner.RunAsync(run, agent, cases, setup.Catalog, null, cancellationToken).ConfigureAwait(false);
        }

        SimulationReport report = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{run.Agent}: {cases.Count} sessions", maxValue: cases.Count);
                var progress = new Progress<SimulationProgress>(p =>
                {
                    task.Value = p.Finished;
                    task.Description = $"{run.Agent}: {p.Finished}/{p.Total} sessions, {p.Succeeded} succeeded";
                });
                report = await runner.RunAsync(run, agent, cases, setup.Catalog, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return report;
    }

    private static async Task Status(bool quiet, string text, Func<Task> work)
    {
        if (quiet)
        {
            await work().ConfigureAwait(false);
            return;
        }

        await AnsiConsole.Status().StartAsync(text, _ => work()).ConfigureAwait(false);
    }
}
