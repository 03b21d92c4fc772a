using System.Collections.Concurrent;
using System.CommandLine;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Training;
using AgentRec.Cli.Evaluation;
using AgentRec.Cli.Hosting;
using AgentRec.Evaluation.Simulation;
using AgentRec.Finetune.Data;
using AgentRec.Finetune.Lora;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Models;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using static AgentRec.Cli.Commands.FinetuneCommands;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec train ecpo`: expectation-confirmation preference optimisation of the LLM agent in three steps, each
/// leaving its output in the work folder so a rerun resumes:
/// <list type="number">
/// <item>forward: simulated users (training personas, drawn away from the evaluation users) talk to the policy
/// model; every agent turn is kept with the user's satisfaction and reasons for it (<c>scored.jsonl</c>);</item>
/// <item>backward: the turns rated below the threshold are rewritten by the rewriter — the scripted teacher or a
/// (stronger) GGUF model — under the action grammar; rewrite and original become a DPO pair (<c>pairs.jsonl</c>);</item>
/// <item>DPO on the pairs from the policy (checkpointed), exported as the ECPO model.</item>
/// </list>
/// </summary>
internal static class EcpoCommand
{
    /// <summary>Away from the evaluation seeds (1–3) and from nano's SFT trajectories (1001).</summary>
    private const int EcpoCollectSeed = 1002;

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The policy GGUF (e.g. agentrec-nano after SFT).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The ECPO model, written atomically.", Required = true };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Scored turns, pairs and the DPO checkpoint (default: <out>.work); rerun with it to resume." };
        var rewriter = new Option<string>("--rewriter") { Description = "Who rewrites low-rated turns: 'teacher' (the scripted teacher) or a GGUF path / store name.", DefaultValueFactory = _ => "teacher" };
        var users = new Option<int>("--users") { Description = "Simulated training users.", DefaultValueFactory = _ => 300 };
        var turns = new Option<int>("--turns") { Description = "Most agent turns per session.", DefaultValueFactory = _ => 5 };
        var collectSeed = new Option<int>("--collect-seed") { Description = "Persona seed of the training users (not 1–3, the evaluation seeds).", DefaultValueFactory = _ => EcpoCollectSeed };
        var excludeEvaluation = new Option<int>("--exclude-eval-users") { Description = "Dialogues of the first N evaluation users of seeds 1–3 are not used.", DefaultValueFactory = _ => 500 };
        var parallel = new Option<int>("--parallel") { Description = "Sessions at once.", DefaultValueFactory = _ => 8 };
        var threshold = new Option<double>("--threshold") { Description = "Turns rated below this satisfaction (0–5) are rewritten (ECPO's λ).", DefaultValueFactory = _ => new TurnRewriterOptions().Threshold };
        var full = new Option<bool>("--full") { Description = "DPO on every weight instead of LoRA adapters (sensible for agentrec-nano)." };
        var rank = new Option<int>("--lora-rank") { Description = "LoRA rank.", DefaultValueFactory = _ => 8 };
        var alpha = new Option<float>("--lora-alpha") { Description = "LoRA alpha (scale alpha / rank).", DefaultValueFactory = _ => 16f };
        var epochs = new Option<int>("--epochs") { Description = "DPO passes over the pairs.", DefaultValueFactory = _ => 2 };
        var rate = new Option<double>("--lr") { Description = "DPO peak learning rate.", DefaultValueFactory = _ => 5e-5 };
        var beta = new Option<double>("--beta") { Description = "DPO β.", DefaultValueFactory = _ => 0.1 };
        var batch = new Option<int>("--batch") { Description = "Pairs per step.", DefaultValueFactory = _ => 4 };
        var maxLength = new Option<int>("--max-length") { Description = "Longest sequence in tokens (longer prompts lose their start).", DefaultValueFactory = _ => 1024 };
        var seed = new Option<long>("--seed") { Description = "Seed of data order, dropout and the rewriter.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var type = new Option<string>("--type") { Description = "Storage of the exported matrices: f16 or f32.", DefaultValueFactory = _ => "f16" };
        var command = new Command("ecpo", "ECPO: simulated users rate the policy's turns, low-rated turns are rewritten, DPO on the pairs.")
        {
            model, output, work, rewriter, users, turns, collectSeed, excludeEvaluation, parallel, threshold,
            full, rank, alpha, epochs, rate, beta, batch, maxLength, seed, threads, type,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            string policyPath = parse.GetValue(model)!.FullName;
            if (!File.Exists(policyPath))
            {
                throw new FileNotFoundException($"Model '{policyPath}' does not exist.", policyPath);
            }

            if (parse.GetValue(collectSeed) is >= 1 and <= 3)
            {
                throw new ArgumentException($"--collect-seed {parse.GetValue(collectSeed)} is an evaluation seed (1–3); training users must differ.");
            }

            string outputPath = parse.GetValue(output)!.FullName;
            string workPath = parse.GetValue(work)?.FullName ?? outputPath + ".work";
            Directory.CreateDirectory(workPath);
            string scoredPath = Path.Combine(workPath, "scored.jsonl");
            string pairsPath = Path.Combine(workPath, "pairs.jsonl");

            if (File.Exists(pairsPath))
            {
                AnsiConsole.MarkupLine($"[grey]Pairs: reusing {Markup.Escape(pairsPath)}[/]");
            }
            else
            {
                var cacheRoot = ModelStore.DefaultRoot();
                var setup = await TrainingSetupAsync(cacheRoot, parse.GetValue(users), parse.GetValue(collectSeed), parse.GetValue(excludeEvaluation), cancellationToken).ConfigureAwait(false);
                var search = await setup.SearchAsync(cacheRoot, cancellationToken).ConfigureAwait(false);

                IReadOnlyList<ScoredDecision> scored;
                using (var host = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(policyPath, parallel: parse.GetValue(parallel), contextSize: parse.GetValue(parallel) * 2048)))
                {
                    scored = await ScoreAsync(setup, search, host.Services.GetRequiredService<IChatClient>(), parse.GetValue(collectSeed), parse.GetValue(turns), parse.GetValue(parallel), cancellationToken).ConfigureAwait(false);
                }

                WriteScored(scoredPath, scored);
                var rewriterOptions = new TurnRewriterOptions { Threshold = parse.GetValue(threshold), Seed = (int)parse.GetValue(seed), ItemsPerTurn = new LlmAgentOptions().ItemsPerTurn };
                int below = scored.Count(s => s.Satisfaction < rewriterOptions.Threshold);
                AnsiConsole.MarkupLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"[grey]{scored.Count:N0} turns scored (mean satisfaction {(scored.Count == 0 ? 0 : scored.Average(s => s.Satisfaction)):F2}); {below:N0} below {rewriterOptions.Threshold:0.#} go to the rewriter[/]"));

                IReadOnlyList<PreferencePair> pairs = null!;
                IHost? rewriterHost = null;
                try
                {
                    IChatClient rewriterClient;
                    if (string.Equals(parse.GetValue(rewriter), "teacher", StringComparison.OrdinalIgnoreCase))
                    {
                        rewriterClient = new ScriptedTeacherChatClient(rewriterOptions.ItemsPerTurn);
                    }
                    else
                    {
                        var rewriterPath = await ModelResolution.ResolveAsync(parse.GetValue(rewriter), cancellationToken).ConfigureAwait(false);
                        rewriterHost = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(rewriterPath, parallel: 1, contextSize: 4096));
                        rewriterClient = rewriterHost.Services.GetRequiredService<IChatClient>();
                    }

                    await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async context =>
                        {
                            var task = context.AddTask("rewriting low-rated turns", maxValue: Math.Max(1, scored.Count));
                            pairs = await new TurnRewriter(rewriterClient, rewriterOptions)
                                .BuildPairsAsync(scored, new Progress<int>(done => task.Value = done), cancellationToken).ConfigureAwait(false);
                            task.Value = task.MaxValue;
                        }).ConfigureAwait(false);
                }
                finally
                {
                    rewriterHost?.Dispose();
                }

                PreferencePairFile.Write(pairsPath, pairs);
                AnsiConsole.MarkupLine($"[grey]{pairs.Count:N0} preference pairs written to {Markup.Escape(pairsPath)}[/]");
            }

            if (!File.ReadLines(pairsPath).Any(line => !string.IsNullOrWhiteSpace(line)))
            {
                throw new InvalidDataException($"No preference pairs in '{pairsPath}': every turn was rated at or above the threshold, or no rewrite differed. Raise --threshold (5: every turn with any deduction) or add --users, and delete the file to collect again.");
            }

            IFinetuneObjective train;
            using (var runtime = LlamaModel.Load(policyPath))
            {
                train = Read("dpo", pairsPath, new ChatTokenizer(runtime, parse.GetValue(maxLength)), parse.GetValue(beta));
            }

            var options = new FinetuneOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                WarmupSteps = 5,
                CheckpointPath = Path.Combine(workPath, "dpo.ckpt"),
                CheckpointEvery = 20,
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                BaseModelPath = policyPath,
                MergedExportPath = outputPath,
                ExportType = ExportType(parse.GetValue(type)!),
            };
            var lora = parse.GetValue(full) ? null : new LoraOptions { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraOptions.KnownTargets, Seed = parse.GetValue(seed) };
            AnsiConsole.MarkupLine($"[grey]dpo: {train.Count} pairs, {(lora is null ? "full weights" : $"LoRA rank {lora.Rank}")}[/]");
            await TrainAsync(policyPath, train, null, lora, options, cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Runs the simulated sessions and joins each agent turn with the user's rating of it (same session id and
    /// turn); the result is ordered by session and turn, so it does not depend on session timing.
    /// </summary>
    private static async Task<IReadOnlyList<ScoredDecision>> ScoreAsync(
        EvaluationSetup setup, AgentRec.Agents.Catalog.EmbeddingCatalogSearch search, IChatClient client, int seed, int turns, int parallel, CancellationToken cancellationToken)
    {
        var decisions = new ConcurrentDictionary<(string Session, int Turn), AgentDecision>();
        var ratings = new ConcurrentDictionary<(string Session, int Turn), RatedTurn>();
        var report = await CollectCommand.RecordAsync(
            setup, search, client, d => decisions[(d.SessionId, d.Turn)] = d, r => ratings[(r.SessionId, r.Turn)] = r, seed, turns, parallel,
            p => $"{p.Finished}/{p.Total} sessions, {p.Succeeded} succeeded, {ratings.Count} turns rated", cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[grey]policy on the training users: SR {report.SuccessRate:F3}[/]"));
        return [.. decisions
            .Where(d => ratings.ContainsKey(d.Key))
            .OrderBy(d => SessionIndex(d.Key.Session)).ThenBy(d => d.Key.Turn)
            .Select(d => new ScoredDecision(d.Value, ratings[d.Key].Satisfaction, ratings[d.Key].Reasons))];
    }

    /// <summary>The rated turns, one JSON line each (session, turn, the model's output, satisfaction, reasons), for inspection.</summary>
    private static void WriteScored(string path, IReadOnlyList<ScoredDecision> scored)
    {
        AgentRec.Core.IO.AtomicFile.WriteAllLines(path, scored.Select(s => System.Text.Json.JsonSerializer.Serialize(new
        {
            session = s.Decision.SessionId,
            turn = s.Decision.Turn,
            output = s.Decision.Output,
            parsed = s.Decision.Action is not null,
            satisfaction = s.Satisfaction,
            reasons = s.Reasons,
        })));
    }

    private static int SessionIndex(string sessionId) =>
        int.TryParse(sessionId.AsSpan(sessionId.LastIndexOf('/') + 1), out int index) ? index : int.MaxValue;
}
