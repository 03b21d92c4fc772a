using AgentRec.Sequential.Evaluation;

namespace AgentRec.Sequential.Training;

/// <summary>
/// The outcome of training. The model holds the weights of <see cref="BestEpoch"/> (the best validation
/// NDCG@10) when any evaluation ran. <see cref="MeanEpochSeconds"/> is the mean training time per
/// epoch (validation excluded).
/// </summary>
public sealed record TrainingResult(
    IReadOnlyList<EpochRecord> Epochs,
    int BestEpoch,
    RankingMetrics? BestValid,
    bool StoppedEarly,
    bool Resumed,
    double MeanEpochSeconds);
