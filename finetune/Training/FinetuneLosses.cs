using AgentRec.Finetune.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// The training losses as pure functions of logits and labels. Logits [batch, time, vocab] and labels [batch, time]
/// are already aligned: logits[b, t] predict labels[b, t]; a label of <see cref="Ignore"/> (prompt, padding) is left out.
/// </summary>
public static class FinetuneLosses
{
    /// <summary>The label of positions that take no part in a loss.</summary>
    public const long Ignore = -100;

    static FinetuneLosses() => TorchRuntime.EnsureLoaded();

    /// <summary>SFT: the mean cross-entropy over the labelled (assistant) tokens.</summary>
    public static Tensor Sft(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (tokenLoss, mask) = TokenCrossEntropy(logits, labels);
        return tokenLoss.sum().div(mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// CFT token weights for an answer of <paramref name="length"/> tokens: w_t = 1 − (t − 1)(1 − β)/(|y| − 1) for
    /// t = 1 … |y|, falling linearly from 1 on the first answer token to β on the last (1 for a one-token answer).
    /// </summary>
    public static float[] CftTokenWeights(int length, double beta = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (length == 1)
        {
            return [1f];
        }

        return [.. Enumerable.Range(1, length).Select(t => (float)(1 - ((t - 1) * (1 - beta) / (length - 1))))];
    }

    /// <summary>Σ w·CE / Σ w over the labelled tokens; <paramref name="weights"/> is [batch, time] (ignored positions may hold anything).</summary>
    public static Tensor WeightedCrossEntropy(Tensor logits, Tensor labels, Tensor weights)
    {
        using var scope = NewDisposeScope();
        var (tokenLoss, mask) = TokenCrossEntropy(logits, labels);
        var w = weights.to_type(tokenLoss.dtype).mul(mask);
        return tokenLoss.mul(w).sum().div(w.sum().clamp_min(1e-12)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// CFT: L = L_normal + λ·L_diff with L_normal = weighted CE(logits_with) and L_diff = weighted CE(logits_with −
    /// logits_without), both with the answer-token weights; logits_without come from the counterfactual input (history
    /// removed, left-padded so its answer tokens share positions with the factual ones). λ = 0.1 in the paper.
    /// </summary>
    public static Tensor Cft(Tensor logitsWith, Tensor logitsWithout, Tensor labels, Tensor weights, double differenceWeight = 0.1)
    {
        using var scope = NewDisposeScope();
        var normal = WeightedCrossEntropy(logitsWith, labels, weights);
        var difference = WeightedCrossEntropy(logitsWith.sub(logitsWithout), labels, weights);
        return normal.add(difference.mul(differenceWeight)).MoveToOuterDisposeScope();
    }

    /// <summary>Per row, the summed log-probability of its labelled tokens: [batch].</summary>
    public static Tensor SequenceLogProbabilities(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (tokenLoss, _) = TokenCrossEntropy(logits, labels);
        return tokenLoss.sum(1).neg().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DPO: mean over pairs of −log σ(β·[(log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r))]), each argument a
    /// [batch] tensor of summed response log-probabilities.
    /// </summary>
    public static Tensor Dpo(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        using var scope = NewDisposeScope();
        var margin = policyChosen.sub(referenceChosen).sub(policyRejected.sub(referenceRejected)).mul(beta);
        return nn.functional.logsigmoid(margin).neg().mean().MoveToOuterDisposeScope();
    }

    /// <summary>Per-token cross-entropy [batch, time] (0 at ignored labels) and the float mask of labelled tokens.</summary>
    private static (Tensor Loss, Tensor Mask) TokenCrossEntropy(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.dim() != 3 || labels.dim() != 2 || logits.shape[0] != labels.shape[0] || logits.shape[1] != labels.shape[1])
        {
            throw new ArgumentException($"Logits [{string.Join(", ", logits.shape)}] and labels [{string.Join(", ", labels.shape)}] must be [batch, time, vocab] and [batch, time].");
        }

        long vocab = logits.shape[2];
        var flat = nn.functional.cross_entropy(logits.reshape(-1, vocab), labels.reshape(-1), ignore_index: Ignore, reduction: nn.Reduction.None);
        var mask = labels.ne(Ignore).to_type(logits.dtype);
        return (flat.reshape(labels.shape).mul(mask), mask);
    }
}
