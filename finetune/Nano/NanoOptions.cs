using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Nano;

/// <summary>
/// Shape and schedule of <see cref="NanoRecipe"/>. The defaults make a ~5.3M-parameter llama (vocabulary 4096,
/// 4 layers, width 256, 4 heads of 64, SwiGLU 704, context 1024): embeddings and output take 2.1M, the blocks
/// 3.2M. That is small enough to pre-train and fine-tune on two CPU cores in hours, and the context holds the
/// agent's prompt (instructions, dialogue and a candidate list) with room for the reply.
/// </summary>
public sealed record NanoOptions
{
    /// <summary>The exported model's <c>general.name</c>.</summary>
    public string Name { get; init; } = "agentrec-nano";

    /// <summary>Tokens of the trained SentencePiece BPE vocabulary; 4096 keeps the embedding tables at 40% of the model.</summary>
    public int VocabularySize { get; init; } = 4096;

    public int Layers { get; init; } = 4;

    public int EmbeddingLength { get; init; } = 256;

    public int HeadCount { get; init; } = 4;

    /// <summary>SwiGLU width: ≈ 8/3 × 256 rounded to a multiple of 64, as llama sizes it.</summary>
    public int FeedForwardLength { get; init; } = 704;

    /// <summary>Context length written to the GGUF; also the longest SFT sequence (longer ones lose their start).</summary>
    public int ContextLength { get; init; } = 1024;

    /// <summary>Standard deviation of the initial weights.</summary>
    public float InitStd { get; init; } = 0.02f;

    /// <summary>Tokenizer, initial weights, data order and dropout all derive from it: same seed and inputs, same file.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Tokens per pre-training window (catalog texts are packed with a &lt;/s&gt; after each).</summary>
    public int PretrainWindow { get; init; } = 256;

    /// <summary>
    /// 400 steps × 16 windows × 256 tokens ≈ 1.6M tokens, about 2.5 passes over the shipped catalog's texts: what the
    /// shipped model was trained with, ~30 minutes on one core. Loss still falls beyond it; the schedule is sized
    /// for a CPU.
    /// </summary>
    public int PretrainSteps { get; init; } = 400;

    public int PretrainBatchSize { get; init; } = 16;

    public double PretrainLearningRate { get; init; } = 1e-3;

    public int PretrainWarmupSteps { get; init; } = 100;

    /// <summary>350 steps × 8 trajectories ≈ 2.3 passes over the ~1,200 teacher turns of the default collection.</summary>
    public int SftSteps { get; init; } = 350;

    public int SftBatchSize { get; init; } = 8;

    public double SftLearningRate { get; init; } = 6e-4;

    public int SftWarmupSteps { get; init; } = 50;

    /// <summary>Share of windows / trajectories held out to measure each stage's loss (at least one, at most 64).</summary>
    public double ValidationShare { get; init; } = 0.02;

    /// <summary>Trainer checkpoint interval in optimizer steps: how much work a crash can cost.</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Held-out loss interval in optimizer steps; 0: only before and after each stage.</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Storage of the exported model's matrices: F16 (half the size, what llama.cpp runs well) or F32.</summary>
    public GgmlType ExportType { get; init; } = GgmlType.F16;

    /// <summary>Torch threads; 0: all cores.</summary>
    public int Threads { get; init; }

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        void Require(bool ok, string name, object value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"NanoOptions.{name} = {value}: {rule}.", name);
            }
        }

        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), Name, "must not be empty");
        Require(VocabularySize > Llm.Tokenization.SentencePieceBpeOptions.ReservedTokens, nameof(VocabularySize), VocabularySize, $"must be above {Llm.Tokenization.SentencePieceBpeOptions.ReservedTokens}");
        Require(PretrainWindow >= 2 && PretrainWindow <= ContextLength, nameof(PretrainWindow), PretrainWindow, $"must lie in [2, ContextLength = {ContextLength}]");
        Require(PretrainSteps >= 1, nameof(PretrainSteps), PretrainSteps, "must be at least 1");
        Require(PretrainBatchSize >= 1, nameof(PretrainBatchSize), PretrainBatchSize, "must be at least 1");
        Require(PretrainLearningRate > 0, nameof(PretrainLearningRate), PretrainLearningRate, "must be positive");
        Require(PretrainWarmupSteps >= 0, nameof(PretrainWarmupSteps), PretrainWarmupSteps, "must not be negative");
        Require(SftSteps >= 1, nameof(SftSteps), SftSteps, "must be at least 1");
        Require(SftBatchSize >= 1, nameof(SftBatchSize), SftBatchSize, "must be at least 1");
        Require(SftLearningRate > 0, nameof(SftLearningRate), SftLearningRate, "must be positive");
        Require(SftWarmupSteps >= 0, nameof(SftWarmupSteps), SftWarmupSteps, "must not be negative");
        Require(ValidationShare is > 0 and < 0.5, nameof(ValidationShare), ValidationShare, "must lie in (0, 0.5)");
        Require(CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "must not be negative");
        Require(EvaluateEvery >= 0, nameof(EvaluateEvery), EvaluateEvery, "must not be negative");
        Require(ExportType is GgmlType.F16 or GgmlType.F32, nameof(ExportType), ExportType, "must be F16 or F32");
        Require(Threads >= 0, nameof(Threads), Threads, "must not be negative");
        ModelShape(null).Validate();
    }

    /// <summary>The initial model's shape (random weights from <see cref="Seed"/>), with the given vocabulary.</summary>
    public RandomLlamaModelOptions ModelShape(ILlamaVocabulary? vocabulary) => new()
    {
        Architecture = "llama",
        Layers = Layers,
        EmbeddingLength = EmbeddingLength,
        HeadCount = HeadCount,
        HeadCountKv = HeadCount,
        FeedForwardLength = FeedForwardLength,
        Vocabulary = vocabulary,
        VocabularySize = vocabulary?.Count ?? Math.Max(VocabularySize, SyntheticVocabulary.MinimumSize),
        ContextLength = ContextLength,
        FileType = GgmlType.F32,
        Seed = Seed,
        InitStd = InitStd,
        Name = Name,
    };
}
