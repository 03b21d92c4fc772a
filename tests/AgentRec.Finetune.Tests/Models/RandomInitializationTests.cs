using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;

namespace AgentRec.Finetune.Tests.Models;

public sealed class RandomInitializationTests
{
    [Fact]
    public void SameSeedGivesTheSameModelAndAnotherSeedAnother()
    {
        var config = LlamaConfig.FromGguf(GgufFile.Read(TestModels.Get("qwen2", GgmlType.F32)));
        using var a = new LlamaTorchModel(config);
        using var b = new LlamaTorchModel(config);
        using var c = new LlamaTorchModel(config);
        a.InitializeRandom(seed: 4, std: 0.1f);
        b.InitializeRandom(seed: 4, std: 0.1f);
        c.InitializeRandom(seed: 5, std: 0.1f);
        int[] tokens = [1, 2000, 35, 900, 17];
        var la = LlamaReference.TorchLogits(a, tokens);
        var (same, magnitude) = LlamaReference.Compare(la, LlamaReference.TorchLogits(b, tokens));
        var (other, _) = LlamaReference.Compare(la, LlamaReference.TorchLogits(c, tokens));
        Assert.Equal(0f, same);
        Assert.True(magnitude > 0.1f, $"logits up to {magnitude}");
        Assert.True(other > 0.1f * magnitude, $"another seed moved logits by {other} only");
    }

    [Fact]
    public void InvalidConfigurationIsNamed()
    {
        var config = LlamaConfig.FromGguf(GgufFile.Read(TestModels.Get("llama", GgmlType.F32)));
        var error = Assert.Throws<ArgumentException>(() => new LlamaTorchModel(config with { HeadCountKv = 3 }));
        Assert.Contains("HeadCountKv", error.Message);
        error = Assert.Throws<ArgumentException>(() => new LlamaTorchModel(config with { RopeDimensionCount = 40 }));
        Assert.Contains("RopeDimensionCount", error.Message);
    }
}
