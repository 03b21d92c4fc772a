using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>x · rsqrt(mean(x²) + eps) · weight over the last axis (llama.cpp's rms_norm followed by a mul).</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Scalar _epsilon;

    public RmsNorm(long length, float epsilon)
        : base(nameof(RmsNorm))
    {
        _weight = new Parameter(torch.ones(length));
        _epsilon = ((double)epsilon).ToScalar();
        register_parameter("weight", _weight);
    }

    public Tensor Weight => _weight;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inverse = x.square().mean([-1], keepdim: true).add_(_epsilon).rsqrt_();
        // Not in place: the product is saved for the weight's gradient.
        return x.mul(inverse).mul(_weight).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _epsilon.Dispose();
        }

        base.Dispose(disposing);
    }
}
