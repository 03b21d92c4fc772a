using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using Xunit.Abstractions;

namespace AgentRec.Finetune.Tests.Models;

/// <summary>The TorchSharp model computes llama.cpp's logits for the same GGUF at every position.</summary>
public sealed class ParityTests(ITestOutputHelper output)
{
    private const string Prompt = "I loved Toy Story and Finding Nemo; recommend another animated movie, please.";

    /// <summary>
    /// Within 1e-3 once attention rounds to float16 as llama.cpp's F16 KV cache does. Without that rounding the
    /// F32 model differs only by the cache's precision (measured ~2e-3 at logits up to ~4: 2⁻¹¹ relative on k
    /// and v), bounded here by 1e-3 of the logits' scale.
    /// </summary>
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void F32WriterModelsMatchLlamaCpp(string architecture)
    {
        var path = TestModels.Get(architecture, GgmlType.F32);
        var (difference, magnitude) = CompareWithLlamaCpp(path);
        Assert.True(magnitude > 1, $"logits up to {magnitude} are too flat to test anything");
        Assert.True(difference <= 1e-3f, $"max |Δlogit| = {difference} (logits up to {magnitude})");

        var (plain, _) = CompareWithLlamaCpp(path, roundAttentionToHalf: false);
        Assert.True(plain <= 1e-3f * magnitude, $"without F16 attention rounding max |Δlogit| = {plain} (logits up to {magnitude})");
    }

    /// <summary>Without <c>output.weight</c> both llama.cpp and the model use the token embedding as output head.</summary>
    [Fact]
    public void TiedOutputModelMatchesLlamaCpp()
    {
        var path = TestModels.NewPath("tied.gguf");
        GgufRewriter.Copy(TestModels.Get("llama", GgmlType.F32), path, keep: t => t.Name != "output.weight");
        Assert.True(LlamaConfig.FromGguf(GgufFile.Read(path)).TiedOutput);
        var (difference, magnitude) = CompareWithLlamaCpp(path);
        Assert.True(difference <= 1e-3f, $"max |Δlogit| = {difference} (logits up to {magnitude})");
    }

    [Fact]
    public void SharedTinyLlamaMatchesLlamaCpp()
    {
        var path = TestPaths.TinyLlamaModel;
        if (path is null)
        {
            output.WriteLine("../shared/models/llama-2-tiny-random.gguf is absent; nothing to compare.");
            return;
        }

        var (difference, magnitude) = CompareWithLlamaCpp(path);
        Assert.True(difference <= 1e-3f, $"max |Δlogit| = {difference} (logits up to {magnitude})");
    }

    /// <summary>
    /// llama.cpp multiplies F16 weights with activations rounded to F16 and Q8_0 weights with activations quantised
    /// to Q8_0 (blocks of 32, 8 bits), and BF16 weights with activations rounded to BF16 (8-bit mantissa), while TorchSharp multiplies the dequantised weights in F32. The activation
    /// rounding alone is ~2⁻¹¹ relative for F16 and ~1/254 of a block's largest value for Q8_0, so the bounds are
    /// relative to the logits' scale: 1 % for F16, 3 % for BF16 (2⁻⁸) and Q8_0 (both far below the error of a wrong model,
    /// see <see cref="WrongRopeModeIsDetected"/>).
    /// </summary>
    [Theory]
    [InlineData("llama", GgmlType.F16, 0.01f)]
    [InlineData("qwen2", GgmlType.F16, 0.01f)]
    [InlineData("llama", GgmlType.BF16, 0.03f)]
    [InlineData("qwen2", GgmlType.BF16, 0.03f)]
    [InlineData("llama", GgmlType.Q8_0, 0.03f)]
    [InlineData("qwen2", GgmlType.Q8_0, 0.03f)]
    public void QuantisedWriterModelsLoadAndMatchWithinTheirPrecision(string architecture, GgmlType type, float relative)
    {
        var path = TestModels.Get(architecture, type);
        Assert.Equal(type, GgufFile.Read(path).FindTensor("blk.0.attn_q.weight")!.Type);
        var (difference, magnitude) = CompareWithLlamaCpp(path);
        Assert.True(difference <= relative * magnitude, $"max |Δlogit| = {difference}, logits up to {magnitude}, bound {relative * magnitude}");
    }

    /// <summary>The parity tests can fail: the other architecture's RoPE pairing gives clearly different logits.</summary>
    [Theory]
    [InlineData("llama", RopeMode.Neox)]
    [InlineData("qwen2", RopeMode.Normal)]
    public void WrongRopeModeIsDetected(string architecture, RopeMode wrong)
    {
        var path = TestModels.Get(architecture, GgmlType.F32);
        var file = GgufFile.Read(path);
        Assert.NotEqual(wrong, LlamaConfig.FromGguf(file).RopeMode);
        using var model = new LlamaTorchModel(LlamaConfig.FromGguf(file) with { RopeMode = wrong });
        GgufWeightLoader.LoadInto(model, file);
        var tokens = LlamaReference.Tokenize(path, Prompt);
        var (difference, magnitude) = LlamaReference.Compare(LlamaReference.Logits(path, tokens), LlamaReference.TorchLogits(model, tokens));
        output.WriteLine($"{architecture} with {wrong} RoPE: max |Δlogit| = {difference}, logits up to {magnitude}");
        Assert.True(difference > 0.05f * magnitude, $"max |Δlogit| = {difference} only");
    }

    private (float Difference, float Magnitude) CompareWithLlamaCpp(string path, bool roundAttentionToHalf = true)
    {
        var tokens = LlamaReference.Tokenize(path, Prompt);
        Assert.True(tokens.Length >= 10, $"only {tokens.Length} tokens");
        using var model = GgufWeightLoader.Load(path);
        model.RoundAttentionToHalf = roundAttentionToHalf;
        var result = LlamaReference.Compare(LlamaReference.Logits(path, tokens), LlamaReference.TorchLogits(model, tokens));
        output.WriteLine($"{Path.GetFileName(path)} (F16 attention {roundAttentionToHalf}): {tokens.Length} tokens, max |Δlogit| = {result.MaxDifference}, logits up to {result.MaxMagnitude}");
        return result;
    }
}
