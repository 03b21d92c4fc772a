using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Models;

/// <summary>
/// Shape and hyper-parameters of a llama-family model (llama or qwen2) as its GGUF metadata gives them.
/// <see cref="FromGguf"/> reads them with llama.cpp's defaults for optional keys and an error naming
/// the key for a missing or invalid required one.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>Architectures this model implements.</summary>
    public static IReadOnlyList<string> SupportedArchitectures { get; } = ["llama", "qwen2"];

    /// <summary><c>general.architecture</c>: "llama" or "qwen2".</summary>
    public required string Architecture { get; init; }

    public required int EmbeddingLength { get; init; }

    public required int BlockCount { get; init; }

    public required int HeadCount { get; init; }

    public required int HeadCountKv { get; init; }

    public required int FeedForwardLength { get; init; }

    public required int VocabularySize { get; init; }

    public required int ContextLength { get; init; }

    public float RopeFreqBase { get; init; } = 10000f;

    /// <summary>Leading dimensions of each head that RoPE rotates (<c>rope.dimension_count</c>, default the head size).</summary>
    public required int RopeDimensionCount { get; init; }

    public float RmsNormEpsilon { get; init; } = 1e-5f;

    /// <summary>True when the file has no <c>output.weight</c>: logits use the token embedding matrix.</summary>
    public bool TiedOutput { get; init; }

    /// <summary>q/k/v projections have biases (always for qwen2; llama files may carry them too).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>The file has <c>rope_freqs.weight</c> (llama 3 frequency factors dividing each RoPE frequency).</summary>
    public bool RopeFrequencyFactors { get; init; }

    /// <summary>Pairing used by RoPE; llama.cpp's choice for the architecture unless set otherwise.</summary>
    public RopeMode RopeMode { get; init; } = RopeMode.Normal;

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Width of the key and value projections.</summary>
    public int KeyValueLength => HeadCountKv * HeadDimension;

    /// <summary>The RoPE mode llama.cpp uses for <paramref name="architecture"/> (llama_model_rope_type).</summary>
    public static RopeMode RopeModeOf(string architecture) => architecture switch
    {
        "llama" => RopeMode.Normal,
        "qwen2" => RopeMode.Neox,
        _ => throw new ArgumentException($"Architecture '{architecture}' is not supported; use one of: {string.Join(", ", SupportedArchitectures)}.", nameof(architecture)),
    };

    /// <summary>Reads the configuration from a GGUF header.</summary>
    /// <exception cref="GgufFormatException">A key is missing, has the wrong type or an invalid value, or the architecture is not supported.</exception>
    public static LlamaConfig FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Architecture
            ?? throw Bad(file, GgufKeys.Architecture, "the key is missing; a llama-family model needs it");
        if (!SupportedArchitectures.Contains(arch))
        {
            throw Bad(file, GgufKeys.Architecture, $"architecture '{arch}' is not supported; use one of: {string.Join(", ", SupportedArchitectures)}");
        }

        var embedding = Required(file, GgufKeys.EmbeddingLength(arch));
        var heads = Required(file, GgufKeys.HeadCount(arch));
        var headsKv = Optional(file, GgufKeys.HeadCountKv(arch)) ?? heads;
        var embd = file.FindTensor("token_embd.weight")
            ?? throw Bad(file, "tensor 'token_embd.weight'", "the token embedding tensor is missing");
        var vocab = embd.Dimensions.Length == 2 ? checked((int)embd.Dimensions[1]) : throw Bad(file, "tensor 'token_embd.weight'", $"has {embd.Dimensions.Length} dimensions, expected 2");
        if (file.VocabularySize is int listed && listed != vocab)
        {
            throw Bad(file, GgufKeys.Tokens, $"the tokenizer has {listed} tokens but token_embd.weight has {vocab} rows");
        }

        if (file.TryGetString(arch + ".rope.scaling.type", out var scaling) && scaling != "none")
        {
            throw Bad(file, arch + ".rope.scaling.type", $"RoPE scaling '{scaling}' is not supported (only unscaled RoPE, optionally with rope_freqs.weight)");
        }

        if (heads == 0 || embedding % heads != 0)
        {
            throw Bad(file, GgufKeys.HeadCount(arch), $"{heads} does not divide {GgufKeys.EmbeddingLength(arch)} ({embedding})");
        }

        var config = new LlamaConfig
        {
            Architecture = arch,
            EmbeddingLength = embedding,
            BlockCount = Required(file, GgufKeys.BlockCount(arch)),
            HeadCount = heads,
            HeadCountKv = headsKv,
            FeedForwardLength = Required(file, GgufKeys.FeedForwardLength(arch)),
            VocabularySize = vocab,
            ContextLength = Required(file, GgufKeys.ContextLength(arch)),
            RopeFreqBase = OptionalFloat(file, GgufKeys.RopeFreqBase(arch)) ?? 10000f,
            RopeDimensionCount = Optional(file, GgufKeys.RopeDimensionCount(arch)) ?? embedding / heads,
            RmsNormEpsilon = OptionalFloat(file, GgufKeys.RmsNormEpsilon(arch))
                ?? throw Bad(file, GgufKeys.RmsNormEpsilon(arch), "the key is missing"),
            TiedOutput = file.FindTensor("output.weight") is null,
            AttentionBias = arch == "qwen2" || file.FindTensor("blk.0.attn_q.bias") is not null,
            RopeFrequencyFactors = file.FindTensor("rope_freqs.weight") is not null,
            RopeMode = RopeModeOf(arch),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GgufFormatException(file.SourcePath, null, e.ParamName, e.Message, e);
        }

        return config;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent property.</summary>
    public void Validate()
    {
        if (!SupportedArchitectures.Contains(Architecture))
        {
            throw Invalid(nameof(Architecture), $"'{Architecture}' is not supported");
        }

        Positive(EmbeddingLength, nameof(EmbeddingLength));
        Positive(BlockCount, nameof(BlockCount));
        Positive(HeadCount, nameof(HeadCount));
        Positive(HeadCountKv, nameof(HeadCountKv));
        Positive(FeedForwardLength, nameof(FeedForwardLength));
        Positive(VocabularySize, nameof(VocabularySize));
        Positive(ContextLength, nameof(ContextLength));
        if (EmbeddingLength % HeadCount != 0)
        {
            throw Invalid(nameof(HeadCount), $"{HeadCount} does not divide EmbeddingLength ({EmbeddingLength})");
        }

        if (HeadCount % HeadCountKv != 0)
        {
            throw Invalid(nameof(HeadCountKv), $"{HeadCountKv} does not divide HeadCount ({HeadCount})");
        }

        if (RopeDimensionCount <= 0 || RopeDimensionCount % 2 != 0 || RopeDimensionCount > HeadDimension)
        {
            throw Invalid(nameof(RopeDimensionCount), $"{RopeDimensionCount} must be even, positive and at most the head size ({HeadDimension})");
        }

        if (!float.IsFinite(RopeFreqBase) || RopeFreqBase <= 0)
        {
            throw Invalid(nameof(RopeFreqBase), $"{RopeFreqBase} must be a positive number");
        }

        if (!float.IsFinite(RmsNormEpsilon) || RmsNormEpsilon <= 0)
        {
            throw Invalid(nameof(RmsNormEpsilon), $"{RmsNormEpsilon} must be a positive number");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw Invalid(name, $"{value} must be positive");
        }
    }

    private static ArgumentException Invalid(string property, string problem) => new($"LlamaConfig.{property}: {problem}.", property);

    private static int Required(GgufFile file, string key) =>
        Optional(file, key) ?? throw Bad(file, key, "the key is missing");

    private static int? Optional(GgufFile file, string key)
    {
        if (!file.Metadata.TryGetValue(key, out var value))
        {
            return null;
        }

        // Per-layer arrays (some converters write them) are accepted only when every layer agrees.
        if (value.IsArray)
        {
            long[] values = value.ElementType switch
            {
                GgufValueType.UInt32 => value.AsArray<uint>().Select(v => (long)v).Distinct().ToArray(),
                GgufValueType.Int32 => value.AsArray<int>().Select(v => (long)v).Distinct().ToArray(),
                _ => throw Bad(file, key, $"expected an integer or an array of u32/i32, found {value.TypeDescription}"),
            };
            return values.Length == 1 && values[0] is > 0 and <= int.MaxValue
                ? (int)values[0]
                : throw Bad(file, key, $"per-layer values differ or are not positive ({string.Join(", ", values)}); only uniform layers are supported");
        }

        return file.TryGetInt64(key, out var i) && i > 0 && i <= int.MaxValue
            ? (int)i
            : throw Bad(file, key, $"expected a positive integer, found {value.TypeDescription} {value}");
    }

    private static float? OptionalFloat(GgufFile file, string key)
    {
        if (!file.Metadata.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.Type is GgufValueType.Float32 or GgufValueType.Float64
            ? value.AsSingle()
            : throw Bad(file, key, $"expected a floating-point number, found {value.TypeDescription} {value}");
    }

    private static GgufFormatException Bad(GgufFile file, string field, string detail) =>
        new(file.SourcePath, null, field, $"{field}: {detail}");
}
