using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// Counterfactual fine-tuning (<see cref="FinetuneLosses.Cft"/>): factual and counterfactual sequences are all
/// left-padded to the batch's widest factual sequence, so every answer token sits at the same position in both
/// inputs; both passes keep their gradients. Token weights fall from 1 to <see cref="Beta"/> along each answer.
/// </summary>
public sealed class CftObjective : IFinetuneObjective
{
    private readonly IReadOnlyList<CftPair> _examples;

    public CftObjective(IReadOnlyList<CftPair> examples, double beta = 0.25, double differenceWeight = 0.1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfZero(examples.Count);
        if (beta is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must lie in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(differenceWeight);
        _examples = examples;
        Beta = beta;
        DifferenceWeight = differenceWeight;
    }

    public double Beta { get; }

    public double DifferenceWeight { get; }

    public string Name => "cft";

    public int Count => _examples.Count;

    public float[]? Prepare(LlamaTorchModel model, CancellationToken cancellationToken) => null;

    public void Restore(float[]? state)
    {
    }

    public ObjectiveLoss Loss(LlamaTorchModel model, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = NewDisposeScope();
        var pairs = indices.Select(i => _examples[i]).ToList();
        int width = pairs.Max(p => Math.Max(p.Factual.Length, p.Counterfactual.Length));
        using var factual = SequenceBatch.Create([.. pairs.Select(p => p.Factual)], padLeft: true, width);
        using var counterfactual = SequenceBatch.Create([.. pairs.Select(p => p.Counterfactual)], padLeft: true, width);
        using var weights = torch.tensor(Weights(factual.Labels), factual.Labels.shape);
        var loss = FinetuneLosses.Cft(factual.Logits(model), counterfactual.Logits(model), factual.Labels, weights, DifferenceWeight);
        return new ObjectiveLoss(loss.MoveToOuterDisposeScope(), factual.RealTokens + counterfactual.RealTokens);
    }

    /// <summary>Per row, the answer-token weights at the labelled positions (t counted along the row's labels).</summary>
    private float[] Weights(Tensor labels)
    {
        long rows = labels.shape[0], width = labels.shape[1];
        long[] flat = labels.data<long>().ToArray();
        var weights = new float[flat.Length];
        for (long b = 0; b < rows; b++)
        {
            var positions = Enumerable.Range(0, (int)width).Where(t => flat[(b * width) + t] != FinetuneLosses.Ignore).ToArray();
            if (positions.Length == 0)
            {
                continue;
            }

            float[] w = FinetuneLosses.CftTokenWeights(positions.Length, Beta);
            for (int k = 0; k < positions.Length; k++)
            {
                weights[(b * width) + positions[k]] = w[k];
            }
        }

        return weights;
    }
}
