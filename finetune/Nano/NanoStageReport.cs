namespace AgentRec.Finetune.Nano;

/// <summary>
/// What one stage did. Training stages fill steps, tokens, throughput and losses (held-out loss before and after,
/// mean training loss of the last steps); <see cref="Reused"/> is true when this run found the stage finished.
/// </summary>
public sealed record NanoStageReport
{
    public required NanoStage Stage { get; init; }

    public required string Output { get; init; }

    public double Seconds { get; init; }

    public int Steps { get; init; }

    public int Examples { get; init; }

    public long Tokens { get; init; }

    public double TokensPerSecond { get; init; }

    /// <summary>Tokens of the longest training sequence (pre-training: the window).</summary>
    public int LongestSequence { get; init; }

    /// <summary>Sequences that reached the context length and so may have lost their start (SFT).</summary>
    public int Truncated { get; init; }

    public double? InitialLoss { get; init; }

    public double? FinalLoss { get; init; }

    public double? FinalTrainLoss { get; init; }

    public bool Reused { get; init; }
}
