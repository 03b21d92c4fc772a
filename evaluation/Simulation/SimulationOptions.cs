namespace AgentRec.Evaluation.Simulation;

/// <summary>How a simulated evaluation runs.</summary>
public sealed record SimulationOptions
{
    /// <summary>Most agent turns per session.</summary>
    public int MaxTurns { get; init; } = 5;

    /// <summary>Sessions run at once (they share the model through continuous batching).</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>Cut-off of Recall@k: the target is among the first k items of one Recommend turn.</summary>
    public int RecallK { get; init; } = 5;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTurns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RecallK, 1);
    }
}
