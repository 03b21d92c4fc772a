using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Lora;

/// <summary>
/// The low-rank update of one linear layer: Δy = (alpha / r) · B · A · dropout(x). A is [r, in] and B is
/// [out, r], the same row-major layout as llama.cpp's <c>.lora_a</c> (ne = [in, r]) and <c>.lora_b</c>
/// (ne = [r, out]) tensors, so export copies them as they are. B starts at zero: a fresh adapter changes nothing.
/// </summary>
public sealed class LoraLayer : nn.Module
{
    private readonly Parameter _a;
    private readonly Parameter _b;
    private readonly Scalar _scale;
    private readonly double _dropout;

    internal LoraLayer(long inFeatures, long outFeatures, LoraOptions options, Generator generator)
        : base(nameof(LoraLayer))
    {
        Rank = options.Rank;
        Alpha = options.Alpha;
        _dropout = options.Dropout;
        _scale = ((double)options.Scale).ToScalar();

        // Kaiming-uniform bound with a = √5 (as nn.Linear and PEFT initialise A): 1/√in.
        var bound = 1.0 / Math.Sqrt(inFeatures);
        using (no_grad())
        {
            _a = new Parameter(torch.rand([options.Rank, inFeatures], generator: generator).mul_(2 * bound).sub_(bound));
            _b = new Parameter(torch.zeros(outFeatures, options.Rank));
        }

        register_parameter("lora_a", _a);
        register_parameter("lora_b", _b);
    }

    public int Rank { get; }

    public float Alpha { get; }

    public float Scale => Alpha / Rank;

    /// <summary>A: [rank, in].</summary>
    public Tensor A => _a;

    /// <summary>B: [out, rank].</summary>
    public Tensor B => _b;

    /// <summary>The update for input <paramref name="x"/> (..., in) → (..., out).</summary>
    public Tensor Delta(Tensor x)
    {
        var input = _dropout > 0 && training ? nn.functional.dropout(x, _dropout, training: true) : x;
        return nn.functional.linear(nn.functional.linear(input, _a), _b).mul_(_scale);
    }

    /// <summary>(alpha / r) · B · A, the dense [out, in] update, detached.</summary>
    public Tensor DenseDelta()
    {
        using (no_grad())
        {
            return _b.matmul(_a).mul_(_scale);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scale.Dispose();
        }

        base.Dispose(disposing);
    }
}
