using AgentRec.Sequential.Evaluation;

namespace AgentRec.Sequential.Training;

/// <summary>
/// The outcome of training. The model holds the weights of <see cref="BestEpoch"/> (the best validation
/// NDCG@10) when any evaluation ran. <see cref="MeanEpochSeconds"/> averages training time of epochs
/// run in full by this process.
/// </summary>
public sealed record TrainingResult(
    IReadOnlyList<EpochRecord> Epochs,
    int BestEpoch,
    RankingMetrics? BestValid,
    bool StoppedEarly,
    bool Resumed,
    double MeanEpochSeconds);
