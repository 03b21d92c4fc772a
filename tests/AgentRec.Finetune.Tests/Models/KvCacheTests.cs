using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.Models;

public sealed class KvCacheTests
{
    private static readonly int[] Tokens = [1, 523, 97, 1400, 12, 3001, 77, 250, 4000, 9, 640, 18, 2222, 5];

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void IncrementalLogitsEqualTheFullForward(string architecture)
    {
        using var model = GgufWeightLoader.Load(TestModels.Get(architecture, GgmlType.F32));
        var full = LlamaReference.TorchLogits(model, Tokens);

        using var cache = model.CreateCache();
        var pieces = new List<float[,]>();
        using (no_grad())
        {
            // Uneven pieces: a prompt, single tokens, then a longer piece that attends to all cached ones.
            foreach (var (start, length) in new[] { (0, 5), (5, 1), (6, 1), (7, 7) })
            {
                using var input = torch.tensor(Tokens[start..(start + length)].Select(t => (long)t).ToArray(), [1, length]);
                using var logits = model.Forward(input, cache);
                pieces.Add(LlamaReference.ToArray(logits));
            }
        }

        Assert.Equal(Tokens.Length, cache.Length);
        var row = 0;
        foreach (var piece in pieces)
        {
            for (var i = 0; i < piece.GetLength(0); i++, row++)
            {
                for (var j = 0; j < piece.GetLength(1); j++)
                {
                    Assert.True(Math.Abs(piece[i, j] - full[row, j]) <= 1e-5f, $"position {row}, token {j}: {piece[i, j]} vs {full[row, j]}");
                }
            }
        }
    }

    [Fact]
    public void SequencesOfABatchDoNotSeeEachOther()
    {
        using var model = GgufWeightLoader.Load(TestModels.Get("qwen2", GgmlType.F32));
        var other = Tokens.Reverse().ToArray();
        using var noGrad = no_grad();
        using var batch = torch.tensor(Tokens.Concat(other).Select(t => (long)t).ToArray(), [2, Tokens.Length]);
        using var logits = model.forward(batch);
        using var first = logits[0].unsqueeze(0);
        using var second = logits[1].unsqueeze(0);
        AssertClose(LlamaReference.TorchLogits(model, Tokens), LlamaReference.ToArray(first));
        AssertClose(LlamaReference.TorchLogits(model, other), LlamaReference.ToArray(second));
    }

    [Fact]
    public void GreedyGenerationPicksTheArgMaxOfTheFullForwardAtEveryStep()
    {
        using var model = GgufWeightLoader.Load(TestModels.Get("llama", GgmlType.F32));
        var prompt = Tokens[..6];
        var generated = model.Generate(prompt, maxNewTokens: 8);
        Assert.Equal(8, generated.Length);

        var all = prompt.Concat(generated).ToArray();
        var logits = LlamaReference.TorchLogits(model, all);
        for (var step = 0; step < generated.Length; step++)
        {
            var position = prompt.Length - 1 + step;
            var best = Enumerable.Range(0, logits.GetLength(1)).MaxBy(j => logits[position, j]);
            Assert.Equal(best, generated[step]);
        }

        var stopped = model.Generate(prompt, maxNewTokens: 8, stop: t => t == generated[2]);
        Assert.Equal(generated[..3], stopped);
    }

    [Fact]
    public void GradientsReachTheCurrentTokensThroughTheCache()
    {
        using var model = GgufWeightLoader.Load(TestModels.Get("llama", GgmlType.F32));
        model.AttachLora(new AgentRec.Finetune.Lora.LoraOptions { Rank = 2, Targets = ["attn_k", "attn_v"] });
        using var cache = model.CreateCache();
        using (no_grad())
        using (var prompt = torch.tensor(Tokens[..6].Select(t => (long)t).ToArray(), [1, 6]))
        {
            model.Forward(prompt, cache).Dispose();
        }

        // B is zero, so A gets no gradient; B's gradient needs keys/values of the current tokens in the graph.
        using var next = torch.tensor(Tokens[6..9].Select(t => (long)t).ToArray(), [1, 3]);
        using var logits = model.Forward(next, cache);
        using var loss = logits.square().mean();
        loss.backward();
        foreach (var (name, lora) in model.LoraLayers)
        {
            using var grad = lora.B.grad;
            Assert.True(grad is not null && grad.abs().max().item<float>() > 0, $"{name}: no gradient on B");
        }
    }

    private static void AssertClose(float[,] expected, float[,] actual)
    {
        var (difference, _) = LlamaReference.Compare(expected, actual);
        Assert.True(difference <= 1e-5f, $"max |Δlogit| = {difference}");
    }
}
