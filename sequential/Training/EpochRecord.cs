using AgentRec.Sequential.Evaluation;

namespace AgentRec.Sequential.Training;

/// <summary>
/// One finished epoch: mean training loss and its named parts ("ce", "cl", "user", "item"), seconds
/// spent training and validating, and the validation metrics when it was evaluated.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    IReadOnlyDictionary<string, double> LossParts,
    double TrainSeconds,
    double EvaluationSeconds,
    RankingMetrics? Valid);
