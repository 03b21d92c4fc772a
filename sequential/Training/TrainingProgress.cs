namespace AgentRec.Sequential.Training;

/// <summary>
/// A progress report for a progress bar: reported after every step, when validation starts, and at
/// the end. <see cref="Epoch"/> is 1-based; <see cref="Loss"/> is the mean loss of this epoch so far.
/// </summary>
public sealed record TrainingProgress(
    TrainingPhase Phase,
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double? LastValidNdcg10,
    double? BestValidNdcg10);
