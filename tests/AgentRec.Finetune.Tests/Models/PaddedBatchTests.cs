using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Llm.Gguf;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.Models;

/// <summary>Rows of a padded batch compute what they compute alone, whichever side the padding is on.</summary>
public sealed class PaddedBatchTests
{
    private static readonly int[] Long = [1, 523, 97, 1400, 12, 3001, 77, 250, 4000, 9, 640, 18, 2222, 5];
    private static readonly int[] Short = [1, 88, 1234, 7, 3900, 42, 610, 19];

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void LeftAndRightPaddedRowsMatchTheirUnpaddedLogits(string architecture)
    {
        using var model = GgufWeightLoader.Load(TestModels.Get(architecture, GgmlType.F32));
        var longAlone = LlamaReference.TorchLogits(model, Long);
        var shortAlone = LlamaReference.TorchLogits(model, Short);
        var pad = Long.Length - Short.Length;

        // Row 0 left-padded short, row 1 long, row 2 right-padded short; padding token 0.
        var tokens = new long[3, Long.Length];
        var mask = new long[3, Long.Length];
        for (var t = 0; t < Long.Length; t++)
        {
            tokens[1, t] = Long[t];
            mask[1, t] = 1;
            if (t >= pad)
            {
                tokens[0, t] = Short[t - pad];
                mask[0, t] = 1;
            }

            if (t < Short.Length)
            {
                tokens[2, t] = Short[t];
                mask[2, t] = 1;
            }
        }

        using var noGrad = no_grad();
        using var input = torch.tensor(tokens);
        using var attention = torch.tensor(mask);
        using var logits = model.Forward(input, attention);
        Assert.True(logits.isfinite().all().item<bool>(), "padding produced non-finite logits");

        using var left = logits[0].narrow(0, pad, Short.Length).unsqueeze(0);
        using var full = logits[1].unsqueeze(0);
        using var right = logits[2].narrow(0, 0, Short.Length).unsqueeze(0);
        AssertClose(shortAlone, LlamaReference.ToArray(left));
        AssertClose(longAlone, LlamaReference.ToArray(full));
        AssertClose(shortAlone, LlamaReference.ToArray(right));
    }

    [Fact]
    public void MismatchedMaskIsRejected()
    {
        using var model = GgufWeightLoader.Load(TestModels.Get("llama", GgmlType.F32));
        using var input = torch.ones(2, 5, ScalarType.Int64);
        using var mask = torch.ones(2, 4, ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(input, mask));
        Assert.Contains("[2, 4]", error.Message);
    }

    private static void AssertClose(float[,] expected, float[,] actual)
    {
        var (difference, _) = LlamaReference.Compare(expected, actual);
        Assert.True(difference <= 1e-5f, $"max |Δlogit| = {difference}");
    }
}
