using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;

namespace AgentRec.Sequential.Experiments;

/// <summary>
/// One trained model's validation and test results (full ranking, history excluded) with the weights
/// of its best validation epoch, plus timing: mean training seconds per epoch and the whole run's wall time.
/// </summary>
public sealed record ExperimentResult(
    string Dataset,
    SequentialModelKind Model,
    long Seed,
    RankingMetrics Valid,
    RankingMetrics Test,
    int BestEpoch,
    int EpochsRun,
    double MeanEpochSeconds,
    double TotalSeconds,
    IReadOnlyList<EpochRecord> Epochs);
