using AgentRec.Sequential.Native;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>
/// One SASRec block: multi-head self-attention and a GELU feed-forward layer, each followed by dropout,
/// a residual connection and layer norm (post-LN, as RecBole's TransformerLayer).
/// </summary>
internal sealed class SelfAttentionBlock : nn.Module
{
    private readonly int _heads;
    private readonly int _headSize;
    private readonly Scalar _scale;
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly Dropout attentionDropout;
    private readonly Dropout outputDropout;
    private readonly LayerNorm attentionNorm;
    private readonly Linear inner;
    private readonly Linear outer;
    private readonly Dropout feedForwardDropout;
    private readonly LayerNorm feedForwardNorm;

    public SelfAttentionBlock(string name, SasRecOptions options)
        : base(name)
    {
        int d = options.HiddenSize;
        _heads = options.Heads;
        _headSize = d / options.Heads;
        _scale = (1.0 / Math.Sqrt(_headSize)).ToScalar();
        query = nn.Linear(d, d);
        key = nn.Linear(d, d);
        value = nn.Linear(d, d);
        output = nn.Linear(d, d);
        attentionDropout = nn.Dropout(options.AttentionDropout);
        outputDropout = nn.Dropout(options.Dropout);
        attentionNorm = nn.LayerNorm(d, options.LayerNormEpsilon);
        inner = nn.Linear(d, options.InnerSize);
        outer = nn.Linear(options.InnerSize, d);
        feedForwardDropout = nn.Dropout(options.Dropout);
        feedForwardNorm = nn.LayerNorm(d, options.LayerNormEpsilon);
        RegisterComponents();
    }

    /// <param name="x">Hidden states (B, W, d).</param>
    /// <param name="mask">Additive attention mask broadcastable to (B, heads, W, W): 0 where allowed, a large negative value elsewhere.</param>
    public Tensor Forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], width = x.shape[1];
        Tensor q = SplitHeads(query.forward(x), batch, width);
        Tensor k = SplitHeads(key.forward(x), batch, width);
        Tensor v = SplitHeads(value.forward(x), batch, width);

        Tensor scores = q.matmul(k.transpose(-2, -1)).mul_(_scale).add_(mask);
        Tensor probabilities = attentionDropout.forward(scores.softmax(-1));
        Tensor context = probabilities.matmul(v).transpose(1, 2).reshape(batch, width, _heads * _headSize);
        Tensor attended = attentionNorm.forward(outputDropout.forward(output.forward(context)).add_(x));

        Tensor hidden = outer.forward(nn.functional.gelu(inner.forward(attended)));
        Tensor result = feedForwardNorm.forward(feedForwardDropout.forward(hidden).add_(attended));
        return result.MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x, long batch, long width) =>
        x.view(batch, width, _heads, _headSize).transpose(1, 2);
}
