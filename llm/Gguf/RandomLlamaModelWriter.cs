namespace AgentRec.Llm.Gguf;

/// <summary>
/// Writes a llama or qwen2 GGUF with seeded random weights and a vocabulary (by default a
/// <see cref="SyntheticVocabulary"/>, or <see cref="RandomLlamaModelOptions.Vocabulary"/>) that
/// llama.cpp loads and runs like any real model: for tests and benchmarks of any size without downloads.
/// Weights are generated while the file is written, so even large models need little memory.
/// </summary>
public static class RandomLlamaModelWriter
{
    /// <summary>Writes the model described by <paramref name="options"/> atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, RandomLlamaModelOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CreateWriter(options).Write(path, progress, cancellationToken);
    }

    /// <summary>The writer <see cref="Write"/> uses, for callers that want to add metadata or write to a stream.</summary>
    public static GgufWriter CreateWriter(RandomLlamaModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var arch = options.Architecture;
        var writer = new GgufWriter()
            .AddString(GgufKeys.Architecture, arch)
            .AddString(GgufKeys.Name, options.EffectiveName)
            .AddUInt32(GgufKeys.FileType, options.FileType == GgmlType.F16 ? 1u : 0u) // llama_ftype: ALL_F32 = 0, MOSTLY_F16 = 1
            .AddUInt32(GgufKeys.Alignment, GgufKeys.DefaultAlignment)
            .AddUInt32(GgufKeys.VocabularySize(arch), (uint)options.EffectiveVocabularySize)
            .AddUInt32(GgufKeys.ContextLength(arch), (uint)options.ContextLength)
            .AddUInt32(GgufKeys.EmbeddingLength(arch), (uint)options.EmbeddingLength)
            .AddUInt32(GgufKeys.BlockCount(arch), (uint)options.Layers)
            .AddUInt32(GgufKeys.FeedForwardLength(arch), (uint)options.FeedForwardLength)
            .AddUInt32(GgufKeys.HeadCount(arch), (uint)options.HeadCount)
            .AddUInt32(GgufKeys.HeadCountKv(arch), (uint)options.HeadCountKv)
            .AddFloat32(GgufKeys.RmsNormEpsilon(arch), options.RmsNormEpsilon)
            .AddFloat32(GgufKeys.RopeFreqBase(arch), options.RopeFreqBase)
            .AddUInt32(GgufKeys.RopeDimensionCount(arch), (uint)options.HeadDimension);
        (options.Vocabulary ?? SyntheticVocabulary.Create(options.VocabularySize)).WriteTo(writer);

        ulong e = (ulong)options.EmbeddingLength, kv = (ulong)options.KeyValueLength,
            ff = (ulong)options.FeedForwardLength, v = (ulong)options.EffectiveVocabularySize;
        var matrix = options.FileType;

        Random(writer, options, "token_embd.weight", [e, v], matrix);
        for (var layer = 0; layer < options.Layers; layer++)
        {
            var block = $"blk.{layer}.";
            Ones(writer, block + "attn_norm.weight", e);
            Random(writer, options, block + "attn_q.weight", [e, e], matrix);
            Random(writer, options, block + "attn_k.weight", [e, kv], matrix);
            Random(writer, options, block + "attn_v.weight", [e, kv], matrix);
            if (arch == "qwen2")
            {
                Random(writer, options, block + "attn_q.bias", [e], GgmlType.F32);
                Random(writer, options, block + "attn_k.bias", [kv], GgmlType.F32);
                Random(writer, options, block + "attn_v.bias", [kv], GgmlType.F32);
            }
            Random(writer, options, block + "attn_output.weight", [e, e], matrix);
            Ones(writer, block + "ffn_norm.weight", e);
            Random(writer, options, block + "ffn_gate.weight", [e, ff], matrix);
            Random(writer, options, block + "ffn_up.weight", [e, ff], matrix);
            Random(writer, options, block + "ffn_down.weight", [ff, e], matrix);
        }
        Ones(writer, "output_norm.weight", e);
        Random(writer, options, "output.weight", [e, v], matrix);
        return writer;
    }

    private static void Random(GgufWriter writer, RandomLlamaModelOptions options, string name, ReadOnlySpan<ulong> dimensions, GgmlType type)
    {
        // A fresh generator per pass keeps repeated writes identical.
        WeightRandom? random = null;
        writer.AddTensor(name, dimensions, type, (destination, firstElement) =>
        {
            if (firstElement == 0 || random is null)
            {
                random = new WeightRandom(options.Seed, name);
            }
            random.FillNormal(destination, options.InitStd);
        });
    }

    private static void Ones(GgufWriter writer, string name, ulong length) =>
        writer.AddTensor(name, [length], GgmlType.F32, (destination, _) => destination.Fill(1f));
}
