namespace AgentRec.Finetune.Training;

/// <summary>The plain-data part of a fine-tuning checkpoint (JSON inside the file).</summary>
internal sealed record FinetuneCheckpointState
{
    public required string Objective { get; init; }

    public required int ExampleCount { get; init; }

    public required long Seed { get; init; }

    public required int BatchSize { get; init; }

    public required int GradientAccumulation { get; init; }

    /// <summary>The run's length, which shapes its learning-rate schedule.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Optimizer steps taken in all; the position in the data follows from it.</summary>
    public required int GlobalStep { get; init; }

    public required List<double> StepLosses { get; init; }

    public required List<EvaluationPoint> EvaluationLosses { get; init; }

    public required long Tokens { get; init; }

    public required double TrainSeconds { get; init; }

    public float[]? TrainState { get; init; }

    public float[]? EvaluationState { get; init; }
}
