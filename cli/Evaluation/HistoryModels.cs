using AgentRec.Agents.Catalog;
using AgentRec.Cli.Commands;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Sequential.Experiments;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace AgentRec.Cli.Evaluation;

/// <summary>
/// A sequential recommender (SASRec, CL4SRec, SRA-CL) as the agents' history recommender: trained on the
/// dataset's leave-one-out train sequences (so a simulated user's held-out target was never seen), kept in a
/// resumable checkpoint, and reused from it on later runs.
/// </summary>
internal static class HistoryModels
{
    public static string DefaultCheckpoint(string cacheRoot, string dataset, SequentialModelKind kind, long seed) =>
        Path.Combine(cacheRoot, "seq", $"{dataset}-{kind.ToString().ToLowerInvariant()}-s{seed}.ckpt");

    /// <summary>Trains (or resumes, or finds finished) the model in <paramref name="checkpoint"/> and wraps it for the agents.</summary>
    public static async Task<IHistoryRecommender> LoadOrTrainAsync(
        SequenceDataset data, SequentialModelKind kind, string checkpoint, long seed, bool quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!);
        var split = LeaveOneOutSplit.Create(data);
        var options = new SequentialExperimentOptions
        {
            Semantics = kind == SequentialModelKind.SraCl ? await SequentialCommands.SemanticsAsync(data, cancellationToken).ConfigureAwait(false) : null,
        };
        var training = TrainingOptions.Default with { Seed = seed, CheckpointPath = checkpoint };

        manual_seed(seed);
        SequentialModel model = SequentialExperiment.CreateModel(kind, data.ItemCount, split.Train.Count, options);
        try
        {
            // A finished checkpoint resumes into nothing to do; the trainer leaves the best validation weights in the model.
            var trainer = new SequentialTrainer();
            if (quiet)
            {
                await trainer.TrainAsync(model, split, training, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"{kind} on {data.Name}", maxValue: 1);
                        var progress = new Progress<TrainingProgress>(p => task.Description = $"history model {kind} on {data.Name}: {p}");
                        await trainer.TrainAsync(model, split, training, progress, cancellationToken).ConfigureAwait(false);
                        task.Value = 1;
                    }).ConfigureAwait(false);
            }

            model.eval();
            return new SequentialHistoryRecommender(new CatalogSequentialRecommender(model, data.Catalog));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary><see cref="IHistoryRecommender"/> over a trained sequential model; lives as long as the process.</summary>
    private sealed class SequentialHistoryRecommender(CatalogSequentialRecommender recommender) : IHistoryRecommender
    {
        public string Name => recommender.Kind.ToString().ToLowerInvariant();

        public Task<IReadOnlyList<CatalogHit>> RecommendAsync(IReadOnlyList<string> history, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<CatalogHit> hits = [.. recommender.Recommend(history, top, exclude).Select(r => new CatalogHit(r.Item, r.Score))];
            return Task.FromResult(hits);
        }
    }
}
