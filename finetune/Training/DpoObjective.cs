using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// Turn-level DPO (<see cref="FinetuneLosses.Dpo"/>) with summed response log-probabilities. The reference is the
/// model as it was when the run started: <see cref="Prepare"/> computes every pair's reference log-probabilities
/// once (eval mode, no gradients) and checkpoints keep them, so no second model is held in memory. For a freshly
/// attached LoRA adapter (B = 0) that reference is exactly the base model with the adapter disabled.
/// </summary>
public sealed class DpoObjective : IFinetuneObjective
{
    private readonly IReadOnlyList<DpoPair> _examples;
    private float[]? _reference;

    public DpoObjective(IReadOnlyList<DpoPair> examples, double beta = 0.1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfZero(examples.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        _examples = examples;
        Beta = beta;
    }

    public double Beta { get; }

    public string Name => "dpo";

    public int Count => _examples.Count;

    /// <summary>Reference log-probabilities, chosen and rejected interleaved per pair; null before <see cref="Prepare"/>.</summary>
    public IReadOnlyList<float>? Reference => _reference;

    public float[]? Prepare(LlamaTorchModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reference = new float[2 * _examples.Count];
        using (no_grad())
        {
            for (int i = 0; i < _examples.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var logProbs = LogProbabilities(model, [i]).data<float>().ToArray();
                reference[2 * i] = logProbs[0];
                reference[(2 * i) + 1] = logProbs[1];
            }
        }

        _reference = reference;
        return [.. reference];
    }

    public void Restore(float[]? state)
    {
        if (state is null || state.Length != 2 * _examples.Count)
        {
            throw new InvalidDataException($"DPO reference state has {state?.Length ?? 0} values; {_examples.Count} pairs need {2 * _examples.Count}.");
        }

        _reference = [.. state];
    }

    public ObjectiveLoss Loss(LlamaTorchModel model, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(indices);
        float[] reference = _reference ?? throw new InvalidOperationException("Call Prepare (or Restore) before the first DPO loss: the reference log-probabilities are missing.");
        using var scope = NewDisposeScope();
        var policy = LogProbabilities(model, indices);
        long n = indices.Count;
        using var referenceChosen = torch.tensor(indices.Select(i => reference[2 * i]).ToArray());
        using var referenceRejected = torch.tensor(indices.Select(i => reference[(2 * i) + 1]).ToArray());
        var loss = FinetuneLosses.Dpo(policy.narrow(0, 0, n), policy.narrow(0, n, n), referenceChosen, referenceRejected, Beta);
        long tokens = indices.Sum(i => (long)_examples[i].Chosen.Length + _examples[i].Rejected.Length);
        return new ObjectiveLoss(loss.MoveToOuterDisposeScope(), tokens);
    }

    /// <summary>[2n]: the chosen responses' summed log-probabilities, then the rejected ones'.</summary>
    private Tensor LogProbabilities(LlamaTorchModel model, IReadOnlyList<int> indices)
    {
        using var batch = SequenceBatch.Create([.. indices.Select(i => _examples[i].Chosen), .. indices.Select(i => _examples[i].Rejected)], padLeft: false);
        return FinetuneLosses.SequenceLogProbabilities(batch.Logits(model), batch.Labels);
    }
}
