namespace AgentRec.Cli.Evaluation;

/// <summary>One method's outcome: training, generation and the grounded full-ranking metrics (keys like <c>HR@10</c>).</summary>
internal sealed record CftBenchmarkRun
{
    public required string Method { get; init; }

    public required string Model { get; init; }

    public required int Steps { get; init; }

    public required double FinalTrainLoss { get; init; }

    public required double TrainSeconds { get; init; }

    public required double GenerationSeconds { get; init; }

    public required int TestRows { get; init; }

    public required double ExactTitleShare { get; init; }

    public required double MeanRank { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
}
