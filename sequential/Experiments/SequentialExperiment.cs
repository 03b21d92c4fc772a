using System.Diagnostics;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Experiments;

/// <summary>
/// The benchmark entry point: leave-one-out split → model → training with early stopping → full-ranking
/// HR/NDCG@{5,10,20} on valid and test with the best validation weights. Benchmarks and the CLI call this.
/// </summary>
public static class SequentialExperiment
{
    /// <exception cref="ArgumentException">SRA-CL without <see cref="SequentialExperimentOptions.Semantics"/>, or invalid options.</exception>
    public static async Task<ExperimentResult> RunAsync(
        SequenceDataset dataset,
        SequentialModelKind modelKind,
        SequentialExperimentOptions? options,
        long seed,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= SequentialExperimentOptions.Default;
        TrainingOptions training = options.Training with { Seed = seed };
        training.Validate();

        var clock = Stopwatch.StartNew();
        LeaveOneOutSplit split = LeaveOneOutSplit.Create(dataset);
        manual_seed(seed);
        using SequentialModel model = CreateModel(modelKind, dataset.ItemCount, split.Train.Count, options);
        var trainer = new SequentialTrainer();
        TrainingResult result = await trainer.TrainAsync(model, split, training, progress, cancellationToken).ConfigureAwait(false);

        int batch = training.EvaluationBatchSize;
        (RankingMetrics valid, RankingMetrics test) = await Task.Factory.StartNew(
            () => (FullRankingEvaluator.Evaluate(model, split.Valid, batch, cancellationToken),
                   FullRankingEvaluator.Evaluate(model, split.Test, batch, cancellationToken)),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);

        return new ExperimentResult(
            dataset.Name, modelKind, seed, valid, test, result.BestEpoch, result.Epochs.Count,
            result.MeanEpochSeconds, clock.Elapsed.TotalSeconds, result.Epochs);
    }

    /// <summary>A freshly initialised model of the given kind (initialisation draws from torch's global generator).</summary>
    /// <exception cref="ArgumentException">SRA-CL without semantics, or an unknown kind.</exception>
    public static SequentialModel CreateModel(SequentialModelKind kind, int itemCount, int trainUserCount, SequentialExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (kind)
        {
            case SequentialModelKind.SasRec:
                return new SasRec(itemCount, options.Backbone);
            case SequentialModelKind.CL4SRec:
                return new CL4SRec(itemCount, options.Backbone, options.CL4SRec);
            case SequentialModelKind.SraCl:
                if (options.Semantics is null)
                {
                    throw new ArgumentException("SRA-CL needs SequentialExperimentOptions.Semantics (semantic neighbours per user and item).", nameof(options));
                }

                options.Semantics.Validate(trainUserCount, itemCount);
                return new SraCl(itemCount, options.Semantics, options.Backbone, options.SraCl);
            default:
                throw new ArgumentException($"Unknown model kind {kind}.", nameof(kind));
        }
    }
}
