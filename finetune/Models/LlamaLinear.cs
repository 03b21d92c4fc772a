using AgentRec.Finetune.Lora;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// A projection y = x · Wᵀ (+ b) with W stored [out, in], which is exactly the row-major reading of a GGUF
/// weight with ne = [in, out]; optionally plus a <see cref="LoraLayer"/>'s low-rank update.
/// </summary>
public sealed class LlamaLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    internal LlamaLinear(long inFeatures, long outFeatures, bool bias)
        : base(nameof(LlamaLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        _weight = new Parameter(torch.zeros(outFeatures, inFeatures));
        register_parameter("weight", _weight);
        if (bias)
        {
            _bias = new Parameter(torch.zeros(outFeatures));
            register_parameter("bias", _bias);
        }
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    /// <summary>[out, in].</summary>
    public Tensor Weight => _weight;

    public Tensor? Bias => _bias;

    /// <summary>The adapter, once <see cref="LlamaTorchModel.AttachLora"/> added one here.</summary>
    public LoraLayer? Lora { get; private set; }

    public override Tensor forward(Tensor x)
    {
        var y = nn.functional.linear(x, _weight, _bias);
        if (Lora is null)
        {
            return y;
        }

        using var delta = Lora.Delta(x);
        using (y)
        {
            return y.add(delta);
        }
    }

    internal void Attach(LoraLayer lora)
    {
        if (Lora is not null)
        {
            throw new InvalidOperationException("This layer already has a LoRA adapter.");
        }

        Lora = lora;
        register_module("lora", lora);
    }
}
