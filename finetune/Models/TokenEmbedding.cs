using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>Token embedding table [vocab, embd]: GGUF's <c>token_embd.weight</c> (ne = [embd, vocab]) read row-major.</summary>
internal sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;

    public TokenEmbedding(long vocabulary, long embedding)
        : base(nameof(TokenEmbedding))
    {
        _weight = new Parameter(torch.zeros(vocabulary, embedding));
        register_parameter("weight", _weight);
    }

    public Tensor Weight => _weight;

    /// <summary>tokens [batch, time] (int64) → [batch, time, embd].</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var flat = tokens.reshape(-1);
        using var rows = _weight.index_select(0, flat);
        return rows.view(tokens.shape[0], tokens.shape[1], _weight.shape[1]);
    }
}
