namespace AgentRec.Finetune.Training;

/// <summary>
/// The outcome of a run: the loss of every optimizer step (from step 1, including steps taken before a resume),
/// the held-out losses, and throughput (non-padding tokens through the model per second of training).
/// </summary>
public sealed record FinetuneResult(
    IReadOnlyList<double> StepLosses,
    IReadOnlyList<EvaluationPoint> EvaluationLosses,
    int Steps,
    long Tokens,
    double TrainSeconds,
    bool Resumed)
{
    public double TokensPerSecond => TrainSeconds > 0 ? Tokens / TrainSeconds : 0;
}
