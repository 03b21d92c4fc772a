using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Tests.Models;

/// <summary>Files the model cannot represent fail with an error that names the key or tensor at fault.</summary>
public sealed class BadInputTests
{
    private static string Llama => TestModels.Get("llama", GgmlType.F32);

    [Fact]
    public void UnsupportedArchitectureIsNamed()
    {
        var path = TestModels.NewPath("falcon.gguf");
        GgufRewriter.Copy(Llama, path, (key, value) => key == GgufKeys.Architecture ? GgufValue.FromString("falcon") : value);
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains("falcon", error.Message);
        Assert.Contains(GgufKeys.Architecture, error.Message);
        Assert.Contains(Path.GetFileName(path), error.Message);
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        var path = TestModels.NewPath("missing.gguf");
        GgufRewriter.Copy(Llama, path, keep: t => t.Name != "blk.1.ffn_up.weight");
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains("'blk.1.ffn_up.weight' is missing", error.Message);
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        var path = TestModels.NewPath("no-eps.gguf");
        var key = GgufKeys.RmsNormEpsilon("llama");
        GgufRewriter.Copy(Llama, path, (k, value) => k == key ? null : value);
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains(key, error.Message);
        Assert.Equal(key, error.Field);
    }

    [Fact]
    public void MisshapenTensorIsNamed()
    {
        var path = TestModels.NewPath("shape.gguf");
        var source = GgufFile.Read(Llama);
        var writer = new GgufWriter();
        foreach (var (key, value) in source.Metadata)
        {
            writer.Add(key, value);
        }

        foreach (var tensor in source.Tensors)
        {
            // Same bytes, transposed dimensions: a file written without ggml's ne order in mind.
            var dimensions = tensor.Name == "blk.0.ffn_up.weight" ? [tensor.Dimensions[1], tensor.Dimensions[0]] : tensor.Dimensions.ToArray();
            writer.AddTensorBytes(tensor.Name, dimensions, tensor.Type, source.ReadTensorBytes(tensor));
        }

        writer.Write(path);
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains("'blk.0.ffn_up.weight' has ne = [160, 64], expected [64, 160]", error.Message);
    }

    [Fact]
    public void UnsupportedTensorTypeIsNamed()
    {
        var path = TestModels.NewPath("i32.gguf");
        var source = GgufFile.Read(Llama);
        var writer = new GgufWriter();
        foreach (var (key, value) in source.Metadata)
        {
            writer.Add(key, value);
        }

        foreach (var tensor in source.Tensors)
        {
            var type = tensor.Name == "output_norm.weight" ? GgmlType.I32 : tensor.Type; // same size as F32
            writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), type, source.ReadTensorBytes(tensor));
        }

        writer.Write(path);
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains("'output_norm.weight' has type i32", error.Message);
    }

    [Fact]
    public void UnexpectedTensorIsNamed()
    {
        var path = TestModels.NewPath("extra.gguf");
        var source = GgufFile.Read(Llama);
        var writer = new GgufWriter();
        foreach (var (key, value) in source.Metadata)
        {
            writer.Add(key, value);
        }

        foreach (var tensor in source.Tensors)
        {
            writer.AddTensorBytes(tensor.Name, tensor.Dimensions.AsSpan(), tensor.Type, source.ReadTensorBytes(tensor));
        }

        writer.AddTensor("blk.0.attn_output.bias", [64], GgmlType.F32, new float[64]);
        writer.Write(path);
        var error = Assert.Throws<GgufFormatException>(() => GgufWeightLoader.Load(path));
        Assert.Contains("'blk.0.attn_output.bias'", error.Message);
    }

    [Fact]
    public void ConfigurationIsReadFromTheMetadata()
    {
        var config = LlamaConfig.FromGguf(GgufFile.Read(TestModels.Get("qwen2", GgmlType.F32)));
        Assert.Equal("qwen2", config.Architecture);
        Assert.Equal((64, 2, 4, 2, 160, 4096, 2048), (config.EmbeddingLength, config.BlockCount, config.HeadCount, config.HeadCountKv, config.FeedForwardLength, config.VocabularySize, config.ContextLength));
        Assert.Equal((10000f, 16, 1e-5f), (config.RopeFreqBase, config.RopeDimensionCount, config.RmsNormEpsilon));
        Assert.Equal(RopeMode.Neox, config.RopeMode);
        Assert.True(config.AttentionBias);
        Assert.False(config.TiedOutput);
        Assert.Equal(RopeMode.Normal, LlamaConfig.FromGguf(GgufFile.Read(Llama)).RopeMode);
    }
}
