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

    /// <summary>
    /// Length bucketing: users are sorted by sequence length within pools of this many batches (50)
    /// before batching, so padding work mostly disappears; 0 turns it off (plain shuffled batches).
    /// </summary>
    public int BucketBatches { get; init; } = 50;

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

    /// <summary>
    /// Intra-op threads for libtorch (1; 0: all processors). More threads pay only on an idle machine:
    /// libtorch's OpenMP workers spin while they wait, and on a busy 2-core machine two threads made an
    /// epoch 7× slower than one (set OMP_WAIT_POLICY=PASSIVE in the environment when raising this).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Ask glibc to keep freed memory for reuse instead of unmapping large blocks (true). Training
    /// allocates the same large logits every step; re-faulting them in dominated step time on this
    /// project's VMs. Process-wide: the process keeps its peak heap until it exits.
    /// </summary>
    public bool ReuseFreedMemory { get; init; } = true;

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
        SasRecOptions.Require(BucketBatches >= 0, nameof(BucketBatches), BucketBatches, "non-negative");
        SasRecOptions.Require(Patience >= 1, nameof(Patience), Patience, "at least 1");
        SasRecOptions.Require(EvaluateEvery >= 1, nameof(EvaluateEvery), EvaluateEvery, "at least 1");
        SasRecOptions.Require(ValidationUsers is null or >= 1, nameof(ValidationUsers), ValidationUsers!, "at least 1 or null");
        SasRecOptions.Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), EvaluationBatchSize, "at least 1");
        SasRecOptions.Require(Threads >= 0, nameof(Threads), Threads, "0 (all processors) or more");
        SasRecOptions.Require(CheckpointEverySteps >= 0, nameof(CheckpointEverySteps), CheckpointEverySteps, "non-negative");
        SasRecOptions.Require(MaxStepsPerEpoch is null or >= 1, nameof(MaxStepsPerEpoch), MaxStepsPerEpoch!, "at least 1 or null");
    }
}
