using AgentRec.Sequential.Augmentation;
using AgentRec.Sequential.Native;
using AgentRec.Sequential.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>
/// CL4SRec (Xie et al., ICDE 2022): SASRec's cross-entropy plus λ·InfoNCE between two random views
/// (each a crop, mask or reorder of the user's input sequence) of every user in the batch.
/// </summary>
public sealed class CL4SRec : SequentialModel
{
    public CL4SRec(int itemCount, SasRecOptions? backbone = null, CL4SRecOptions? options = null)
        : base("cl4srec_model", itemCount, backbone ?? SasRecOptions.Default)
    {
        Options = options ?? CL4SRecOptions.Default;
        Options.Validate();
    }

    public override SequentialModelKind Kind => SequentialModelKind.CL4SRec;

    public CL4SRecOptions Options { get; }

    internal override Tensor Loss(TrainingBatch batch, LossPositions positions, IDictionary<string, double> parts)
    {
        using var scope = NewDisposeScope();
        Tensor ce = NextItemLoss(Encoder.Forward(batch.Inputs), batch, positions);
        parts["ce"] = ce.item<float>();
        if (Options.Weight == 0)
        {
            return ce.MoveToOuterDisposeScope();
        }

        var first = new int[batch.Users.Length][];
        var second = new int[batch.Users.Length][];
        for (int b = 0; b < first.Length; b++)
        {
            first[b] = View(batch.InputSequences[b], batch.Random);
            second[b] = View(batch.InputSequences[b], batch.Random);
        }

        Tensor cl = ContrastiveLoss.InfoNce(
            Encoder.Represent(SequenceTensors.LeftPad(first, batch.MaxLength)),
            Encoder.Represent(SequenceTensors.LeftPad(second, batch.MaxLength)),
            Options.Temperature,
            Options.Similarity);
        parts["cl"] = cl.item<float>();
        using Scalar weight = Options.Weight.ToScalar();
        return ce.add(cl.mul(weight)).MoveToOuterDisposeScope();
    }

    private int[] View(int[] items, Random random) =>
        SequenceAugmentations.RandomView(items, Options.CropRatio, Options.MaskRatio, Options.ReorderRatio, Encoder.MaskIndex, random);
}
