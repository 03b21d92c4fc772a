namespace AgentRec.Llm.Gguf;

/// <summary>
/// Shape of a random-weight llama-family model written by <see cref="RandomLlamaModelWriter"/>. The defaults
/// give a ~0.6M-parameter model that llama.cpp loads in milliseconds: good for tests of loading, tokenising,
/// batching and sampling, useless for quality.
/// </summary>
public sealed record RandomLlamaModelOptions
{
    /// <summary>"llama" or "qwen2" (qwen2 adds q/k/v biases).</summary>
    public string Architecture { get; init; } = "llama";

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Hidden size; a multiple of <see cref="HeadCount"/> with an even head size (RoPE rotates pairs).</summary>
    public int EmbeddingLength { get; init; } = 64;

    public int HeadCount { get; init; } = 4;

    /// <summary>Key/value heads; fewer than <see cref="HeadCount"/> (dividing it) gives grouped-query attention.</summary>
    public int HeadCountKv { get; init; } = 4;

    public int FeedForwardLength { get; init; } = 172;

    /// <summary>Tokens in the <see cref="SyntheticVocabulary"/>; at least <see cref="SyntheticVocabulary.MinimumSize"/>.
    /// Ignored when <see cref="Vocabulary"/> is given.</summary>
    public int VocabularySize { get; init; } = 4096;

    /// <summary>The vocabulary to write (e.g. a trained one); null writes <c>SyntheticVocabulary.Create(VocabularySize)</c>.</summary>
    public ILlamaVocabulary? Vocabulary { get; init; }

    /// <summary>Rows of the embedding and output matrices: the given vocabulary's size, else <see cref="VocabularySize"/>.</summary>
    public int EffectiveVocabularySize => Vocabulary?.Count ?? VocabularySize;

    /// <summary>Training context written to <c>{arch}.context_length</c>.</summary>
    public int ContextLength { get; init; } = 2048;

    /// <summary>Storage of the 2-D weight matrices: <see cref="GgmlType.F32"/> or <see cref="GgmlType.F16"/> (norms and biases stay F32).</summary>
    public GgmlType FileType { get; init; } = GgmlType.F32;

    /// <summary>Same seed and options give a byte-identical file.</summary>
    public long Seed { get; init; } = 1;

    public float RopeFreqBase { get; init; } = 10000f;

    public float RmsNormEpsilon { get; init; } = 1e-5f;

    /// <summary>Standard deviation of the random weights (norm weights are 1).</summary>
    public float InitStd { get; init; } = 0.02f;

    /// <summary><c>general.name</c>; null gives a name from the shape, e.g. "random-llama-2x64".</summary>
    public string? Name { get; init; }

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the key and value projections (<c>HeadCountKv × HeadDimension</c>).</summary>
    public int KeyValueLength => HeadCountKv * HeadDimension;

    public string EffectiveName => Name ?? $"random-{Architecture}-{Layers}x{EmbeddingLength}";

    /// <summary>Number of weights the model will have.</summary>
    public long ParameterCount
    {
        get
        {
            long e = EmbeddingLength, kv = KeyValueLength, ff = FeedForwardLength, v = EffectiveVocabularySize;
            var perLayer = 2 * e + 2 * e * e + 2 * e * kv + 3 * e * ff + (Architecture == "qwen2" ? e + 2 * kv : 0);
            return 2 * v * e + e + Layers * perLayer;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (Architecture is not ("llama" or "qwen2"))
        {
            throw Invalid(nameof(Architecture), $"'{Architecture}' is not supported; use \"llama\" or \"qwen2\"");
        }
        if (Layers is < 1 or > 512)
        {
            throw Invalid(nameof(Layers), $"{Layers} must be between 1 and 512 (llama.cpp's layer limit)");
        }
        if (HeadCount < 1)
        {
            throw Invalid(nameof(HeadCount), $"{HeadCount} must be positive");
        }
        if (EmbeddingLength < 2 || EmbeddingLength % HeadCount != 0 || HeadDimension % 2 != 0)
        {
            throw Invalid(nameof(EmbeddingLength), $"{EmbeddingLength} must be a multiple of HeadCount ({HeadCount}) with an even head size");
        }
        if (HeadCountKv < 1 || HeadCount % HeadCountKv != 0)
        {
            throw Invalid(nameof(HeadCountKv), $"{HeadCountKv} must be positive and divide HeadCount ({HeadCount})");
        }
        if (FeedForwardLength < 1)
        {
            throw Invalid(nameof(FeedForwardLength), $"{FeedForwardLength} must be positive");
        }
        if (Vocabulary is null && (VocabularySize < SyntheticVocabulary.MinimumSize || VocabularySize > SyntheticVocabulary.MaximumSize))
        {
            throw Invalid(nameof(VocabularySize),
                $"{VocabularySize} must be between {SyntheticVocabulary.MinimumSize} (the control, byte and single-character tokens) and {SyntheticVocabulary.MaximumSize}");
        }
        if (Vocabulary is { Count: < 1 })
        {
            throw Invalid(nameof(Vocabulary), "is empty");
        }
        if (ContextLength < 1)
        {
            throw Invalid(nameof(ContextLength), $"{ContextLength} must be positive");
        }
        if (FileType is not (GgmlType.F32 or GgmlType.F16))
        {
            throw Invalid(nameof(FileType), $"{FileType} is not supported; use F32 or F16");
        }
        if (!float.IsFinite(RopeFreqBase) || RopeFreqBase <= 0)
        {
            throw Invalid(nameof(RopeFreqBase), $"{RopeFreqBase} must be a positive number");
        }
        if (!float.IsFinite(RmsNormEpsilon) || RmsNormEpsilon <= 0)
        {
            throw Invalid(nameof(RmsNormEpsilon), $"{RmsNormEpsilon} must be a positive number");
        }
        if (!float.IsFinite(InitStd) || InitStd < 0)
        {
            throw Invalid(nameof(InitStd), $"{InitStd} must be a non-negative number");
        }
        if (Name is { Length: 0 })
        {
            throw Invalid(nameof(Name), "must not be empty (leave it null for a generated name)");
        }
    }

    private static ArgumentException Invalid(string property, string problem) =>
        new($"RandomLlamaModelOptions.{property}: {problem}.", property);
}
