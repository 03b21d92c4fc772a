using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class RandomLlamaModelWriterTests
{
    private static readonly RandomLlamaModelOptions Small = new()
    {
        Layers = 2,
        EmbeddingLength = 32,
        HeadCount = 4,
        HeadCountKv = 2,
        FeedForwardLength = 48,
        VocabularySize = 1000,
        ContextLength = 512,
    };

    [Fact]
    public void Same_options_give_identical_bytes_and_another_seed_does_not()
    {
        using var dir = new TempDirectory();
        RandomLlamaModelWriter.Write(dir.File("a.gguf"), Small);
        RandomLlamaModelWriter.Write(dir.File("b.gguf"), Small);
        RandomLlamaModelWriter.Write(dir.File("c.gguf"), Small with { Seed = 2 });

        var a = File.ReadAllBytes(dir.File("a.gguf"));
        var b = File.ReadAllBytes(dir.File("b.gguf"));
        var c = File.ReadAllBytes(dir.File("c.gguf"));

        Assert.Equal(a, b);
        Assert.Equal(a.Length, c.Length);
        Assert.NotEqual(a, c);
        var file = GgufFile.Read(dir.File("a.gguf"));
        // Only tensor data differs between seeds; the header is the same.
        Assert.Equal(a[..(int)file.DataOffset], c[..(int)file.DataOffset]);
    }

    [Fact]
    public void Writing_the_same_writer_twice_repeats_the_weights()
    {
        var writer = RandomLlamaModelWriter.CreateWriter(Small);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        writer.Write(first);
        writer.Write(second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData("llama", GgmlType.F32)]
    [InlineData("llama", GgmlType.F16)]
    [InlineData("qwen2", GgmlType.F32)]
    [InlineData("qwen2", GgmlType.F16)]
    public void Metadata_and_tensors_read_back(string architecture, GgmlType fileType)
    {
        var options = Small with { Architecture = architecture, FileType = fileType };
        using var dir = new TempDirectory();
        var path = dir.File("model.gguf");

        RandomLlamaModelWriter.Write(path, options);
        var file = GgufFile.Read(path);

        Assert.Equal(architecture, file.Architecture);
        Assert.Equal($"random-{architecture}-2x32", file.Name);
        Assert.Equal(fileType == GgmlType.F16 ? "F16" : "F32", file.FileTypeName);
        Assert.Equal(512u, file.ContextLength);
        Assert.Equal(32u, file.EmbeddingLength);
        Assert.Equal(2u, file.BlockCount);
        Assert.Equal(48u, file.FeedForwardLength);
        Assert.Equal(4u, file.HeadCount);
        Assert.Equal(2u, file.HeadCountKv);
        Assert.Equal(1000, file.VocabularySize);
        Assert.Equal(8u, file.GetUInt32($"{architecture}.rope.dimension_count"));
        Assert.Equal(10000f, file.GetSingle($"{architecture}.rope.freq_base"));
        Assert.Equal(1e-5f, file.GetSingle($"{architecture}.attention.layer_norm_rms_epsilon"));
        Assert.Equal(32u, file.GetUInt32("general.alignment"));
        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(SyntheticVocabulary.ImEndTokenId, (int)file.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(SyntheticVocabulary.BosTokenId, (int)file.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.True(file.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.Contains("<|im_start|>", file.ChatTemplate);
        Assert.Equal((ulong)options.ParameterCount, file.ParameterCount);

        var expected = new List<(string Name, ulong[] Dims, bool Matrix)> { ("token_embd.weight", [32, 1000], true) };
        for (var layer = 0; layer < 2; layer++)
        {
            var b = $"blk.{layer}.";
            expected.Add((b + "attn_norm.weight", [32], false));
            expected.Add((b + "attn_q.weight", [32, 32], true));
            expected.Add((b + "attn_k.weight", [32, 16], true));
            expected.Add((b + "attn_v.weight", [32, 16], true));
            if (architecture == "qwen2")
            {
                expected.Add((b + "attn_q.bias", [32], false));
                expected.Add((b + "attn_k.bias", [16], false));
                expected.Add((b + "attn_v.bias", [16], false));
            }
            expected.Add((b + "attn_output.weight", [32, 32], true));
            expected.Add((b + "ffn_norm.weight", [32], false));
            expected.Add((b + "ffn_gate.weight", [32, 48], true));
            expected.Add((b + "ffn_up.weight", [32, 48], true));
            expected.Add((b + "ffn_down.weight", [48, 32], true));
        }
        expected.Add(("output_norm.weight", [32], false));
        expected.Add(("output.weight", [32, 1000], true));

        Assert.Equal(expected.Select(e => e.Name), file.Tensors.Select(t => t.Name));
        foreach (var (name, dims, matrix) in expected)
        {
            var tensor = file.FindTensor(name)!;
            Assert.Equal(dims, tensor.Dimensions.ToArray());
            Assert.Equal(matrix ? fileType : GgmlType.F32, tensor.Type);
        }
        Assert.All(file.ReadTensorFloat32(file.FindTensor("blk.1.ffn_norm.weight")!), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Weights_have_the_requested_spread_and_f16_is_the_rounded_f32()
    {
        using var dir = new TempDirectory();
        RandomLlamaModelWriter.Write(dir.File("f32.gguf"), Small with { InitStd = 0.05f });
        RandomLlamaModelWriter.Write(dir.File("f16.gguf"), Small with { InitStd = 0.05f, FileType = GgmlType.F16 });
        var f32 = GgufFile.Read(dir.File("f32.gguf"));
        var f16 = GgufFile.Read(dir.File("f16.gguf"));

        var values = f32.ReadTensorFloat32(f32.FindTensor("token_embd.weight")!);
        var halves = f16.ReadTensorFloat32(f16.FindTensor("token_embd.weight")!);

        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(std, 0.048, 0.052);
        Assert.All(values, v => Assert.InRange(v, -0.05f * 3.47f, 0.05f * 3.47f));
        Assert.Equal(values.Select(v => (float)(Half)v), halves);
        Assert.NotEqual(values, f32.ReadTensorFloat32(f32.FindTensor("output.weight")!)[..values.Length]);
    }

    [Fact]
    public void Progress_climbs_to_one()
    {
        using var dir = new TempDirectory();
        var reports = new List<double>();

        RandomLlamaModelWriter.Write(dir.File("p.gguf"), Small, new ListProgress(reports));

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Cancellation_stops_the_write_and_leaves_nothing()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => RandomLlamaModelWriter.Write(dir.File("c.gguf"), Small, null, cancel.Token));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    public static TheoryData<RandomLlamaModelOptions, string> InvalidOptions => new()
    {
        { Small with { Architecture = "gpt2" }, nameof(RandomLlamaModelOptions.Architecture) },
        { Small with { Layers = 0 }, nameof(RandomLlamaModelOptions.Layers) },
        { Small with { EmbeddingLength = 30 }, nameof(RandomLlamaModelOptions.EmbeddingLength) },
        { Small with { EmbeddingLength = 36, HeadCount = 4 }, nameof(RandomLlamaModelOptions.EmbeddingLength) },
        { Small with { HeadCount = 0 }, nameof(RandomLlamaModelOptions.HeadCount) },
        { Small with { HeadCountKv = 3 }, nameof(RandomLlamaModelOptions.HeadCountKv) },
        { Small with { FeedForwardLength = 0 }, nameof(RandomLlamaModelOptions.FeedForwardLength) },
        { Small with { VocabularySize = SyntheticVocabulary.MinimumSize - 1 }, nameof(RandomLlamaModelOptions.VocabularySize) },
        { Small with { ContextLength = 0 }, nameof(RandomLlamaModelOptions.ContextLength) },
        { Small with { FileType = GgmlType.Q8_0 }, nameof(RandomLlamaModelOptions.FileType) },
        { Small with { RopeFreqBase = float.NaN }, nameof(RandomLlamaModelOptions.RopeFreqBase) },
        { Small with { RmsNormEpsilon = 0 }, nameof(RandomLlamaModelOptions.RmsNormEpsilon) },
        { Small with { InitStd = -1 }, nameof(RandomLlamaModelOptions.InitStd) },
        { Small with { Name = "" }, nameof(RandomLlamaModelOptions.Name) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_name_the_property(RandomLlamaModelOptions options, string property)
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<ArgumentException>(() => RandomLlamaModelWriter.Write(dir.File("x.gguf"), options));

        Assert.Equal(property, error.ParamName);
        Assert.Contains($"RandomLlamaModelOptions.{property}", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Defaults_describe_a_small_valid_llama()
    {
        var options = new RandomLlamaModelOptions();

        options.Validate();

        Assert.Equal(("llama", 2, 64, 4, 4, 172, 4096, 2048), (options.Architecture, options.Layers, options.EmbeddingLength,
            options.HeadCount, options.HeadCountKv, options.FeedForwardLength, options.VocabularySize, options.ContextLength));
        Assert.Equal(GgmlType.F32, options.FileType);
        Assert.Equal(1L, options.Seed);
        Assert.Equal(16, options.HeadDimension);
    }

    private sealed class ListProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
