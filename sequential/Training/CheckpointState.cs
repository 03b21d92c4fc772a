using System.Text.Json;
using System.Text.Json.Serialization;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;

namespace AgentRec.Sequential.Training;

/// <summary>The plain-data part of a checkpoint (stored as JSON inside the checkpoint file).</summary>
internal sealed record CheckpointState
{
    public static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new JsonStringEnumConverter() } };

    public required SequentialModelKind Kind { get; init; }

    public required int ItemCount { get; init; }

    public required int UserCount { get; init; }

    public required long Seed { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>The epoch under way (0-based); equals the number of finished epochs when <see cref="Step"/> is 0.</summary>
    public required int Epoch { get; init; }

    /// <summary>Steps of <see cref="Epoch"/> already taken.</summary>
    public required int Step { get; init; }

    /// <summary>Sum of the losses (and their parts) of the steps taken in <see cref="Epoch"/>, so its mean survives a resume.</summary>
    public required Dictionary<string, double> PartialLossSums { get; init; }

    public required double PartialTrainSeconds { get; init; }

    public required double BestNdcg10 { get; init; }

    /// <summary>1-based epoch of the best validation result; 0 before any evaluation.</summary>
    public required int BestEpoch { get; init; }

    public RankingMetrics? BestValid { get; init; }

    public required int EvaluationsSinceBest { get; init; }

    public required List<EpochRecord> History { get; init; }
}
