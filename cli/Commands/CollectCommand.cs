using System.CommandLine;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Training;
using AgentRec.Cli.Evaluation;
using AgentRec.Cli.Hosting;
using AgentRec.Evaluation.Simulation;
using AgentRec.Llm.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec collect`: simulated users talk to the LLM agent and every agent turn is written as a chat-format
/// JSONL example (prompt + the model's action): trajectories for supervised fine-tuning. `--teacher` puts the
/// scripted teacher in the model's place (the stronger configuration when no large chat model is at hand).
/// </summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "default (shipped ReDial movies), redial, ml-100k, beauty, ...", DefaultValueFactory = _ => EvaluationSetup.DefaultDataset };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding the datasets; not needed for the default dataset." };
        var users = new Option<int>("--users") { Description = "Simulated users.", DefaultValueFactory = _ => 200 };
        var turns = new Option<int>("--turns") { Description = "Most agent turns per session.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of user sampling, simulator and agent.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Sessions at once.", DefaultValueFactory = _ => 16 };
        var teacher = new Option<bool>("--teacher") { Description = "Answer with the scripted teacher instead of a model." };
        var model = CliOptions.Model();
        var output = new Option<FileInfo>("--out") { Description = "JSONL file to write (replaced atomically when done).", Required = true };
        var command = new Command("collect", "Record LLM-agent trajectories with simulated users as a chat JSONL dataset (for SFT).")
        {
            dataset, dataRoot, users, turns, seed, parallel, teacher, model, output,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var cacheRoot = ModelStore.DefaultRoot();
            var setup = await EvaluationSetup.LoadAsync(parse.GetValue(dataset)!, parse.GetValue(dataRoot), cacheRoot, parse.GetValue(users), parse.GetValue(seed), cancellationToken).ConfigureAwait(false);
            var search = await setup.SearchAsync(cacheRoot, cancellationToken).ConfigureAwait(false);
            Microsoft.Extensions.Hosting.IHost? host = null;
            try
            {
                IChatClient client;
                if (parse.GetValue(teacher))
                {
                    client = new ScriptedTeacherChatClient(new LlmAgentOptions().ItemsPerTurn);
                }
                else
                {
                    var modelPath = await ModelResolution.ResolveAsync(parse.GetValue(model), cancellationToken).ConfigureAwait(false);
                    host = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(modelPath, parallel: parse.GetValue(parallel), contextSize: parse.GetValue(parallel) * 4096));
                    client = host.Services.GetRequiredService<IChatClient>();
                }

                using var recorder = new TrajectoryRecorder(parse.GetValue(output)!.FullName);
                var report = await RecordAsync(
                    setup, search, client, recorder.Record, null, parse.GetValue(seed), parse.GetValue(turns), parse.GetValue(parallel),
                    p => $"{p.Finished}/{p.Total} sessions, {p.Succeeded} succeeded, {recorder.Written} turns recorded", cancellationToken).ConfigureAwait(false);

                recorder.Complete();
                AnsiConsole.MarkupLine($"[grey]{recorder.Written:N0} turns written to {Markup.Escape(recorder.Path)} ({recorder.Unparsed} unparsed turns left out); SR of the collected sessions {report.SuccessRate:F3}[/]");
                return 0;
            }
            finally
            {
                host?.Dispose();
            }
        }));
        return command;
    }

    /// <summary>
    /// Runs one simulated session per persona of <paramref name="setup"/> against the LLM agent answering through
    /// <paramref name="client"/>, handing every agent turn to <paramref name="onDecision"/> and, when given, the
    /// simulated user's rating of it to <paramref name="onRated"/> (both called from concurrent sessions), under a
    /// progress bar whose text <paramref name="describe"/> writes.
    /// </summary>
    internal static async Task<SimulationReport> RecordAsync(
        EvaluationSetup setup, AgentRec.Agents.Catalog.EmbeddingCatalogSearch search, IChatClient client,
        Action<AgentDecision> onDecision, Action<RatedTurn>? onRated,
        int seed, int turns, int parallel, Func<SimulationProgress, string> describe, CancellationToken cancellationToken)
    {
        SimulationReport report = null!;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(describe(new SimulationProgress(0, setup.Personas.Count, 0)), maxValue: setup.Personas.Count);
                var progress = new Progress<SimulationProgress>(p =>
                {
                    task.Value = p.Finished;
                    task.Description = describe(p);
                });
                report = await RunSessionsAsync(setup, search, client, onDecision, onRated, seed, turns, parallel, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return report;
    }

    private static async Task<SimulationReport> RunSessionsAsync(
        EvaluationSetup setup, AgentRec.Agents.Catalog.EmbeddingCatalogSearch search, IChatClient client,
        Action<AgentDecision> onDecision, Action<RatedTurn>? onRated,
        int seed, int turns, int parallel, IProgress<SimulationProgress> progress, CancellationToken cancellationToken)
    {
        var agent = new LlmRecommenderAgent(client, search, options: new LlmAgentOptions { Seed = seed, CatalogName = setup.Dataset });
        agent.Decided += onDecision;

        // Sessions go to a throw-away store: collection is re-run, not resumed.
        var storePath = Path.Combine(Path.GetTempPath(), $"agentrec-collect-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new SimulationRunStore(storePath);
            var runner = new SimulationRunner(store, new SimulationOptions { MaxTurns = turns, Parallelism = parallel });
            if (onRated is not null)
            {
                runner.TurnRated += onRated;
            }

            var cases = setup.Personas.Select(p => AiloUser.Case(p)).ToList();
            var run = new RunInfo($"collect-{setup.Dataset}-s{seed}", client is ScriptedTeacherChatClient ? "teacher" : "llm", setup.Dataset, seed, cases.Count, turns, 5);
            return await runner.RunAsync(run, agent, cases, setup.Catalog, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            agent.Decided -= onDecision;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(storePath);
        }
    }
}
