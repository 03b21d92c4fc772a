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
    double? BestValidNdcg10)
{
    /// <summary>One line for a progress bar, e.g. "epoch 3/200 step 20/88 loss 8.1234 valid NDCG@10 0.0374 best 0.0418".</summary>
    public override string ToString()
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {Epoch}/{Epochs} step {Step}/{StepsPerEpoch} loss {Loss:F4}");
        if (LastValidNdcg10 is { } last)
        {
            text += string.Create(System.Globalization.CultureInfo.InvariantCulture, $" valid NDCG@10 {last:F4} best {BestValidNdcg10 ?? last:F4}");
        }

        return Phase == TrainingPhase.Training ? text : $"{text} ({Phase.ToString().ToLowerInvariant()})";
    }
}
