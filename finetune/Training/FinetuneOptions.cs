using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Training;

/// <summary>
/// Settings of <see cref="FinetuneTrainer"/>. One optimizer step takes <see cref="GradientAccumulation"/>
/// micro-batches of <see cref="BatchSize"/> examples.
/// </summary>
public sealed record FinetuneOptions
{
    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many optimizer steps in all (also the length the LR schedule decays over); null: all epochs.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Examples per micro-batch.</summary>
    public int BatchSize { get; init; } = 4;

    public int GradientAccumulation { get; init; } = 1;

    public double LearningRate { get; init; } = 1e-4;

    public int WarmupSteps { get; init; }

    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Cosine;

    /// <summary>The final learning rate as a fraction of the peak.</summary>
    public double MinimumLearningRateRatio { get; init; } = 0.1;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Clip the global gradient norm to this; 0 turns clipping off.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Evaluate the held-out objective every N optimizer steps (and at the end); 0: only at the end.</summary>
    public int EvaluateEvery { get; init; }

    public int EvaluationBatchSize { get; init; } = 4;

    /// <summary>Write a checkpoint every N optimizer steps (and at the end and on cancellation) when <see cref="CheckpointPath"/> is set.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The checkpoint file; when it exists the run resumes from it.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Data order, dropout and every other draw derive from this and (epoch, step).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Torch threads; 0: all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Where to write the trained LoRA adapter as GGUF at the end (needs adapters attached).</summary>
    public string? AdapterExportPath { get; init; }

    /// <summary>Where to write the model with adapters merged as GGUF at the end (needs <see cref="BaseModelPath"/>).</summary>
    public string? MergedExportPath { get; init; }

    /// <summary>The GGUF the model was loaded from: tokenizer and metadata of the merged export.</summary>
    public string? BaseModelPath { get; init; }

    public GgmlType ExportType { get; init; } = GgmlType.F32;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        void Require(bool ok, string name, object value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"FinetuneOptions.{name} = {value}: {rule}.");
            }
        }

        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Require(MaxSteps is null or >= 1, nameof(MaxSteps), MaxSteps!, "must be at least 1");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(GradientAccumulation >= 1, nameof(GradientAccumulation), GradientAccumulation, "must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive");
        Require(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "must not be negative");
        Require(MinimumLearningRateRatio is >= 0 and <= 1, nameof(MinimumLearningRateRatio), MinimumLearningRateRatio, "must lie in [0, 1]");
        Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must not be negative");
        Require(Beta1 is >= 0 and < 1, nameof(Beta1), Beta1, "must lie in [0, 1)");
        Require(Beta2 is >= 0 and < 1, nameof(Beta2), Beta2, "must lie in [0, 1)");
        Require(Epsilon > 0, nameof(Epsilon), Epsilon, "must be positive");
        Require(MaxGradientNorm >= 0, nameof(MaxGradientNorm), MaxGradientNorm, "must not be negative");
        Require(EvaluateEvery >= 0, nameof(EvaluateEvery), EvaluateEvery, "must not be negative");
        Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), EvaluationBatchSize, "must be at least 1");
        Require(CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "must not be negative");
        Require(Threads >= 0, nameof(Threads), Threads, "must not be negative");
        Require(MergedExportPath is null || BaseModelPath is not null, nameof(BaseModelPath), "null", "is needed for a merged export");
    }
}
