using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>SASRec (Kang &amp; McAuley, ICDM 2018) trained with cross-entropy over all items.</summary>
public sealed class SasRec : SequentialModel
{
    public SasRec(int itemCount, SasRecOptions? options = null)
        : base("sasrec_model", itemCount, options ?? SasRecOptions.Default)
    {
    }

    public override SequentialModelKind Kind => SequentialModelKind.SasRec;

    internal override Tensor Loss(TrainingBatch batch, LossPositions positions, IDictionary<string, double> parts)
    {
        using var scope = NewDisposeScope();
        Tensor loss = NextItemLoss(Encoder.Forward(batch.Inputs), batch, positions);
        parts["ce"] = loss.item<float>();
        return loss.MoveToOuterDisposeScope();
    }
}
