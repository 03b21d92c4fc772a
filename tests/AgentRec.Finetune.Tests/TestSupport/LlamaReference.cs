using AgentRec.Llm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.TestSupport;

/// <summary>What llama.cpp computes for the same files: the reference of the parity tests.</summary>
internal static class LlamaReference
{
    /// <summary>Logits [tokens, vocab] of llama.cpp for one sequence decoded in one batch, optionally with a LoRA adapter at scale 1.</summary>
    public static float[,] Logits(string modelPath, IReadOnlyList<int> tokens, string? adapterPath = null)
    {
        using var model = LlamaModel.Load(modelPath);
        using var adapter = adapterPath is null ? null : model.LoadLoraAdapter(adapterPath);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 256, BatchSize = 256, Threads = 1, BatchThreads = 1, FlashAttention = false });
        if (adapter is not null)
        {
            context.SetLoraAdapters([(adapter, 1f)]);
        }

        using var batch = new LlamaBatch(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], i, 0, wantLogits: true);
        }

        context.Decode(batch);
        var logits = new float[tokens.Count, model.VocabularySize];
        for (var i = 0; i < tokens.Count; i++)
        {
            var row = context.GetLogits(i);
            for (var j = 0; j < row.Length; j++)
            {
                logits[i, j] = row[j];
            }
        }

        return logits;
    }

    /// <summary>Tokens of a short English prompt under the model's own tokenizer (with BOS when the model adds one).</summary>
    public static int[] Tokenize(string modelPath, string text)
    {
        using var model = LlamaModel.Load(modelPath);
        return model.Tokenize(text);
    }

    /// <summary>logits [1, T, V] of a TorchSharp model as a [T, V] array.</summary>
    public static float[,] ToArray(Tensor logits)
    {
        long time = logits.shape[1], vocab = logits.shape[2];
        var flat = logits.detach().contiguous().data<float>().ToArray();
        var result = new float[time, vocab];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    /// <summary>Largest absolute difference, and the largest absolute reference value (the scale of the logits).</summary>
    public static (float MaxDifference, float MaxMagnitude) Compare(float[,] expected, float[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        float difference = 0, magnitude = 0;
        for (var i = 0; i < expected.GetLength(0); i++)
        {
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                Assert.True(float.IsFinite(actual[i, j]), $"logit [{i}, {j}] is {actual[i, j]}");
                difference = Math.Max(difference, Math.Abs(expected[i, j] - actual[i, j]));
                magnitude = Math.Max(magnitude, Math.Abs(expected[i, j]));
            }
        }

        return (difference, magnitude);
    }

    /// <summary>TorchSharp logits [T, V] of <paramref name="model"/> for <paramref name="tokens"/> in one forward pass.</summary>
    public static float[,] TorchLogits(AgentRec.Finetune.Models.LlamaTorchModel model, IReadOnlyList<int> tokens)
    {
        using var noGrad = no_grad();
        using var input = torch.tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Count]);
        using var logits = model.forward(input);
        return ToArray(logits);
    }
}
