using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>Supervised fine-tuning: mean cross-entropy over the assistant tokens of right-padded sequences.</summary>
public sealed class SftObjective : IFinetuneObjective
{
    private readonly IReadOnlyList<TokenizedSequence> _examples;

    public SftObjective(IReadOnlyList<TokenizedSequence> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfZero(examples.Count);
        _examples = examples;
    }

    public string Name => "sft";

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
        using var batch = SequenceBatch.Create([.. indices.Select(i => _examples[i])], padLeft: false);
        var loss = FinetuneLosses.Sft(batch.Logits(model), batch.Labels);
        return new ObjectiveLoss(loss.MoveToOuterDisposeScope(), batch.RealTokens);
    }
}
