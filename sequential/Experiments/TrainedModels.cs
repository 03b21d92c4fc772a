using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;

namespace AgentRec.Sequential.Experiments;

/// <summary>Using what `train seq` left behind: restore a checkpoint's best weights, evaluate with full ranking.</summary>
public static class TrainedModels
{
    /// <summary>A model of <paramref name="kind"/> with the checkpoint's best validation weights (its latest if none), in eval mode.</summary>
    /// <exception cref="InvalidDataException">The checkpoint file is damaged or was not written by the trainer.</exception>
    public static SequentialModel Load(string checkpointPath, SequentialModelKind kind, int itemCount, int trainUserCount, SequentialExperimentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        var checkpoint = TrainingCheckpoint.Load(checkpointPath);
        var model = SequentialExperiment.CreateModel(kind, itemCount, trainUserCount, options ?? SequentialExperimentOptions.Default);
        try
        {
            (checkpoint.Best ?? checkpoint.Model).Restore(model);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Full-ranking HR/NDCG@{5,10,20} over <paramref name="examples"/>, history items excluded.</summary>
    public static RankingMetrics Evaluate(SequentialModel model, IReadOnlyList<SequenceExample> examples, CancellationToken cancellationToken = default) =>
        FullRankingEvaluator.Evaluate(model, examples, 512, cancellationToken);
}
