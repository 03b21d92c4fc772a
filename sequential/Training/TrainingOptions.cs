using AgentRec.Sequential.Models;

namespace AgentRec.Sequential.Training;

/// <summary>How <see cref="SequentialTrainer"/> trains. Defaults are the SASRec/SRA-CL settings for Beauty.</summary>
public sealed record TrainingOptions
{
    public static TrainingOptions Default { get; } = new();

    /// <summary>Seed of everything random: initialisation (set before the model is built by callers that own it), data order, dropout, augmentations (42).</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Upper bound on epochs (200); early stopping usually ends sooner.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Users per step (256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam learning rate (1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam weight decay (0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Where the cross-entropy is taken (every position).</summary>
    public LossPositions LossPositions { get; init; } = LossPositions.All;

    /// <summary>Stop after this many evaluations without a better validation NDCG@10 (10).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Evaluate on the validation split every this many epochs (1).</summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Validate on at most this many users, a fixed random subset (null: all).</summary>
    public int? ValidationUsers { get; init; }

    /// <summary>Histories per forward pass during evaluation (512).</summary>
    public int EvaluationBatchSize { get; init; } = 512;

    /// <summary>Intra-op threads for libtorch (0: all processors).</summary>
    public int Threads { get; init; }

    /// <summary>Checkpoint file; when it exists, training resumes from it (null: no checkpoints).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Also checkpoint every this many steps inside an epoch (0: only after each epoch and on cancellation).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>Cap on steps per epoch, for smoke tests and quick looks (null: the whole train split).</summary>
    public int? MaxStepsPerEpoch { get; init; }

    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        SasRecOptions.Require(Epochs >= 1, nameof(Epochs), Epochs, "at least 1");
        SasRecOptions.Require(BatchSize >= 2, nameof(BatchSize), BatchSize, "at least 2 (contrastive losses need pairs)");
        SasRecOptions.Require(LearningRate > 0, nameof(LearningRate), LearningRate, "positive");
        SasRecOptions.Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "non-negative");
        SasRecOptions.Require(Patience >= 1, nameof(Patience), Patience, "at least 1");
        SasRecOptions.Require(EvaluateEvery >= 1, nameof(EvaluateEvery), EvaluateEvery, "at least 1");
        SasRecOptions.Require(ValidationUsers is null or >= 1, nameof(ValidationUsers), ValidationUsers!, "at least 1 or null");
        SasRecOptions.Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), EvaluationBatchSize, "at least 1");
        SasRecOptions.Require(Threads >= 0, nameof(Threads), Threads, "0 (all processors) or more");
        SasRecOptions.Require(CheckpointEverySteps >= 0, nameof(CheckpointEverySteps), CheckpointEverySteps, "non-negative");
        SasRecOptions.Require(MaxStepsPerEpoch is null or >= 1, nameof(MaxStepsPerEpoch), MaxStepsPerEpoch!, "at least 1 or null");
    }
}
