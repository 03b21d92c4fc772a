using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// One transformer block: x + attn_output(attention(attn_norm(x))), then + ffn_down(silu(ffn_gate(h)) · ffn_up(h))
/// with h = ffn_norm(x). Submodules carry GGUF's names, so parameters read "blk.N.attn_q.weight" and so on.
/// </summary>
internal sealed class LlamaBlock : nn.Module
{
    private readonly RmsNorm _attnNorm;
    private readonly RmsNorm _ffnNorm;
    private readonly RotaryEmbedding _rope;
    private readonly Scalar _attentionScale;
    private readonly int _heads;
    private readonly int _headsKv;
    private readonly int _headDimension;
    private readonly int _index;

    public LlamaBlock(LlamaConfig config, int index, RotaryEmbedding rope)
        : base(nameof(LlamaBlock))
    {
        _index = index;
        _rope = rope;
        _heads = config.HeadCount;
        _headsKv = config.HeadCountKv;
        _headDimension = config.HeadDimension;
        _attentionScale = (1.0 / Math.Sqrt(config.HeadDimension)).ToScalar();
        long e = config.EmbeddingLength, kv = config.KeyValueLength, ff = config.FeedForwardLength;
        _attnNorm = new RmsNorm(e, config.RmsNormEpsilon);
        _ffnNorm = new RmsNorm(e, config.RmsNormEpsilon);
        Linears = new Dictionary<string, LlamaLinear>(StringComparer.Ordinal)
        {
            ["attn_q"] = new(e, e, config.AttentionBias),
            ["attn_k"] = new(e, kv, config.AttentionBias),
            ["attn_v"] = new(e, kv, config.AttentionBias),
            ["attn_output"] = new(e, e, bias: false),
            ["ffn_gate"] = new(e, ff, bias: false),
            ["ffn_up"] = new(e, ff, bias: false),
            ["ffn_down"] = new(ff, e, bias: false),
        };

        register_module("attn_norm", _attnNorm);
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
        {
            register_module(name, Linears[name]);
        }

        register_module("ffn_norm", _ffnNorm);
        foreach (var name in new[] { "ffn_gate", "ffn_up", "ffn_down" })
        {
            register_module(name, Linears[name]);
        }
    }

    /// <summary>The block's projections by GGUF short name (attn_q … ffn_down).</summary>
    public IReadOnlyDictionary<string, LlamaLinear> Linears { get; }

    public RmsNorm AttnNorm => _attnNorm;

    /// <summary>
    /// Rounds q, k, v and the attention probabilities to float16 as llama.cpp does with its default F16 KV cache
    /// (ggml converts the other operand of an F16 matmul to F16). Off by default; parity tests turn it on.
    /// </summary>
    public bool RoundAttentionToHalf { get; set; }

    public RmsNorm FfnNorm => _ffnNorm;

    /// <summary>x [batch, time, embd]; cos/sin [time or batch×1×time, n_rot/2]; mask [time, keys] or [batch, 1, time, keys] (0 or −∞).</summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, LlamaKvCache? cache)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        var h = _attnNorm.forward(x);
        var q = _rope.Apply(Linears["attn_q"].forward(h).view(batch, time, _heads, _headDimension).transpose(1, 2), cos, sin);
        var k = _rope.Apply(Linears["attn_k"].forward(h).view(batch, time, _headsKv, _headDimension).transpose(1, 2), cos, sin);
        var v = Linears["attn_v"].forward(h).view(batch, time, _headsKv, _headDimension).transpose(1, 2);
        if (cache is not null)
        {
            (k, v) = cache.Append(_index, k, v);
        }

        // Grouped-query attention: query head j reads key/value head j / (heads / kv_heads), as ggml's broadcast does.
        if (_headsKv != _heads)
        {
            k = k.repeat_interleave(_heads / _headsKv, 1);
            v = v.repeat_interleave(_heads / _headsKv, 1);
        }

        if (RoundAttentionToHalf)
        {
            (q, k, v) = (Half(q), Half(k), Half(v));
        }

        var scores = q.matmul(k.transpose(-2, -1)).mul_(_attentionScale).add_(mask);
        var probabilities = scores.softmax(-1);
        if (RoundAttentionToHalf)
        {
            probabilities = Half(probabilities);
        }

        var attended = probabilities.matmul(v).transpose(1, 2).reshape(batch, time, _heads * _headDimension);
        var residual = x.add(Linears["attn_output"].forward(attended));

        var f = _ffnNorm.forward(residual);
        var gated = nn.functional.silu(Linears["ffn_gate"].forward(f)).mul(Linears["ffn_up"].forward(f));
        // Not in place: ffn_norm saved `residual` for the backward pass.
        return residual.add(Linears["ffn_down"].forward(gated)).MoveToOuterDisposeScope();
    }

    private static Tensor Half(Tensor x) => x.to_type(ScalarType.Float16).to_type(ScalarType.Float32);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _attentionScale.Dispose();
        }

        base.Dispose(disposing);
    }
}
