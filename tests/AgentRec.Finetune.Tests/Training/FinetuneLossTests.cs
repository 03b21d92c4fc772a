using AgentRec.Finetune.Native;
using AgentRec.Finetune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>The losses on tensors small enough to compute by hand (vocabulary of 2, natural logs).</summary>
public sealed class FinetuneLossTests
{
    private const long I = FinetuneLosses.Ignore;

    public FinetuneLossTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void SftAveragesCrossEntropyOverLabelledTokensOnly()
    {
        // Position 0 is prompt (ignored); position 1: logits [ln 3, 0] → p(0) = 3/4; position 2: [0, 0] → p(1) = 1/2.
        using var logits = tensor(new float[] { 5, -5, (float)Math.Log(3), 0, 0, 0 }, [1, 3, 2]);
        using var labels = tensor(new long[] { I, 0, 1 }, [1, 3]);
        double expected = (Math.Log(4.0 / 3) + Math.Log(2)) / 2;
        Assert.Equal(expected, FinetuneLosses.Sft(logits, labels).item<float>(), 5);

        // Whatever the logits at an ignored position, the loss does not move.
        using var changed = logits.clone();
        changed[0, 0, 1] = tensor(40f);
        Assert.Equal(expected, FinetuneLosses.Sft(changed, labels).item<float>(), 5);
    }

    [Fact]
    public void SftMeansOverTokensOfTheWholeBatch()
    {
        // Row 0 has one labelled token (CE ln 2), row 1 has two (CE ln 2 and ln(1 + e^−2)): the mean is over three tokens.
        using var logits = tensor(new float[] { 0, 0, 0, 0, 0, 0, 2, 0 }, [2, 2, 2]);
        using var labels = tensor(new long[] { 1, I, 0, 0 }, [2, 2]);
        double expected = (2 * Math.Log(2) + Math.Log(1 + Math.Exp(-2))) / 3;
        Assert.Equal(expected, FinetuneLosses.Sft(logits, labels).item<float>(), 5);
    }

    [Fact]
    public void CftTokenWeightsFallLinearlyFromOneToBeta()
    {
        Assert.Equal([1f, 0.75f, 0.5f, 0.25f], FinetuneLosses.CftTokenWeights(4));
        Assert.Equal([1f, 0.25f], FinetuneLosses.CftTokenWeights(2));
        Assert.Equal([1f], FinetuneLosses.CftTokenWeights(1));
        Assert.Equal([1f, 0.75f, 0.5f], FinetuneLosses.CftTokenWeights(3, beta: 0.5));
    }

    [Fact]
    public void CftAddsATenthOfTheWeightedDifferenceLoss()
    {
        // Prompt position, then a two-token answer with weights 1 and 0.25.
        using var with = tensor(new float[] { 9, 9, 2, 0, 0, 0 }, [1, 3, 2]);
        using var without = tensor(new float[] { -9, 9, 1, 0, 0, (float)Math.Log(3) }, [1, 3, 2]);
        using var labels = tensor(new long[] { I, 0, 1 }, [1, 3]);
        using var weights = tensor(new float[] { 0, 1, 0.25f }, [1, 3]);

        // Factual: [2, 0] → label 0: ln(1 + e^−2); [0, 0] → label 1: ln 2.
        double normal = (Math.Log(1 + Math.Exp(-2)) + (0.25 * Math.Log(2))) / 1.25;

        // Difference: [1, 0] → label 0: ln(1 + e^−1); [0, −ln 3] → label 1: −ln((1/3)/(1 + 1/3)) = ln 4.
        double difference = (Math.Log(1 + Math.Exp(-1)) + (0.25 * Math.Log(4))) / 1.25;

        Assert.Equal(normal, FinetuneLosses.WeightedCrossEntropy(with, labels, weights).item<float>(), 5);
        Assert.Equal(difference, FinetuneLosses.WeightedCrossEntropy(with - without, labels, weights).item<float>(), 5);
        Assert.Equal(normal + (0.1 * difference), FinetuneLosses.Cft(with, without, labels, weights).item<float>(), 5);
        Assert.Equal(normal + (0.5 * difference), FinetuneLosses.Cft(with, without, labels, weights, differenceWeight: 0.5).item<float>(), 5);
    }

    [Fact]
    public void SequenceLogProbabilitiesSumTheLabelledTokens()
    {
        using var logits = tensor(new float[] { 0, 0, (float)Math.Log(3), 0, 0, 0, 7, 7 }, [2, 2, 2]);
        using var labels = tensor(new long[] { 1, 0, I, 1 }, [2, 2]);
        var values = FinetuneLosses.SequenceLogProbabilities(logits, labels).data<float>().ToArray();
        Assert.Equal(Math.Log(0.5) + Math.Log(0.75), values[0], 5);
        Assert.Equal(Math.Log(0.5), values[1], 5);
    }

    [Fact]
    public void DpoIsMinusLogSigmoidOfTheScaledMarginDifference()
    {
        // Pair 0: β·[(−1 − −2) − (−3 − −2)] = 0.5 · 2 = 1 → ln(1 + e^−1). Pair 1: policy = reference → ln 2.
        using var policyChosen = tensor(new float[] { -1, -4 });
        using var policyRejected = tensor(new float[] { -3, -5 });
        using var referenceChosen = tensor(new float[] { -2, -4 });
        using var referenceRejected = tensor(new float[] { -2, -5 });
        double expected = (Math.Log(1 + Math.Exp(-1)) + Math.Log(2)) / 2;
        Assert.Equal(expected, FinetuneLosses.Dpo(policyChosen, policyRejected, referenceChosen, referenceRejected, beta: 0.5).item<float>(), 5);

        // Preferring the rejected turn costs more than preferring the chosen one.
        Assert.True(FinetuneLosses.Dpo(policyRejected, policyChosen, referenceChosen, referenceRejected, 0.5).item<float>() > expected);
    }

    [Fact]
    public void ScheduleWarmsUpThenDecaysToTheFloor()
    {
        Assert.Equal(0.25, LearningRateSchedule.At(0, 10, 1.0, 4, LearningRateDecay.Cosine, 0.1), 9);
        Assert.Equal(1.0, LearningRateSchedule.At(3, 10, 1.0, 4, LearningRateDecay.Cosine, 0.1), 9);
        Assert.Equal(1.0, LearningRateSchedule.At(4, 10, 1.0, 4, LearningRateDecay.Cosine, 0.1), 9);
        Assert.Equal(0.55, LearningRateSchedule.At(7, 11, 1.0, 4, LearningRateDecay.Cosine, 0.1), 9);
        Assert.Equal(0.1, LearningRateSchedule.At(9, 10, 1.0, 4, LearningRateDecay.Cosine, 0.1), 9);
        Assert.Equal(0.55, LearningRateSchedule.At(7, 11, 1.0, 4, LearningRateDecay.Linear, 0.1), 9);
        Assert.Equal(1.0, LearningRateSchedule.At(9, 10, 1.0, 0, LearningRateDecay.Constant, 0.1), 9);
    }
}
