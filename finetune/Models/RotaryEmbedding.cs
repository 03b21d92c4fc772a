using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// Rotary position embedding as llama.cpp's rope op computes it without scaling: dimension pair i of the first
/// n_rot dimensions of a head turns by position · base^(−2i/n_rot) / factor[i]; the rest pass unchanged.
/// <see cref="RopeMode.Normal"/> pairs (2i, 2i+1), <see cref="RopeMode.Neox"/> pairs (i, i + n_rot/2).
/// The factors are GGUF's optional <c>rope_freqs.weight</c> (all 1 when absent).
/// </summary>
internal sealed class RotaryEmbedding : nn.Module
{
    private readonly Tensor _factors;
    private readonly int _dimensions;
    private readonly double _base;
    private readonly RopeMode _mode;

    public RotaryEmbedding(LlamaConfig config)
        : base(nameof(RotaryEmbedding))
    {
        _dimensions = config.RopeDimensionCount;
        _base = config.RopeFreqBase;
        _mode = config.RopeMode;
        _factors = torch.ones(_dimensions / 2);
        register_buffer("weight", _factors);
    }

    /// <summary>Frequency factors [n_rot / 2].</summary>
    public Tensor Factors => _factors;

    /// <summary>cos and sin of the angles for positions start … start + length − 1: each [length, n_rot / 2].</summary>
    public (Tensor Cos, Tensor Sin) Angles(long start, long length)
    {
        var half = _dimensions / 2;
        var frequencies = Frequencies();

        var cos = new float[length * half];
        var sin = new float[length * half];
        for (long t = 0; t < length; t++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = (start + t) * frequencies[i];
                cos[t * half + i] = (float)Math.Cos(angle);
                sin[t * half + i] = (float)Math.Sin(angle);
            }
        }

        return (torch.tensor(cos, [length, half]), torch.tensor(sin, [length, half]));
    }

    /// <summary>cos and sin for a position per token, positions [batch, time] (int64): each [batch, 1, time, n_rot / 2].</summary>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positions)
    {
        using var scope = NewDisposeScope();
        var frequencies = torch.tensor(Frequencies(), ScalarType.Float64);
        var angles = positions.to_type(ScalarType.Float64).unsqueeze(-1).mul(frequencies).unsqueeze(1);
        return (angles.cos().to_type(ScalarType.Float32).MoveToOuterDisposeScope(), angles.sin().to_type(ScalarType.Float32).MoveToOuterDisposeScope());
    }

    /// <summary>Rotates x [batch, heads, time, head_dim] by angles from <see cref="Angles(long, long)"/> or <see cref="Angles(Tensor)"/>.</summary>
    public Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var headDimension = x.shape[^1];
        var half = _dimensions / 2;
        var rotated = x.narrow(-1, 0, _dimensions);
        Tensor result;
        if (_mode == RopeMode.Normal)
        {
            var pairs = rotated.reshape(x.shape[0], x.shape[1], x.shape[2], half, 2);
            var x0 = pairs.select(-1, 0);
            var x1 = pairs.select(-1, 1);
            var r0 = x0.mul(cos).sub_(x1.mul(sin));
            var r1 = x0.mul(sin).add_(x1.mul(cos));
            result = torch.stack([r0, r1], -1).reshape(x.shape[0], x.shape[1], x.shape[2], _dimensions);
        }
        else
        {
            var x0 = rotated.narrow(-1, 0, half);
            var x1 = rotated.narrow(-1, half, half);
            var r0 = x0.mul(cos).sub_(x1.mul(sin));
            var r1 = x0.mul(sin).add_(x1.mul(cos));
            result = torch.cat([r0, r1], -1);
        }

        if (_dimensions < headDimension)
        {
            result = torch.cat([result, x.narrow(-1, _dimensions, headDimension - _dimensions)], -1);
        }

        return result.MoveToOuterDisposeScope();
    }

    // base^(−2i/n_rot) / factor[i], in double: llama.cpp's float recurrence differs by far less than the tests' bounds.
    private double[] Frequencies()
    {
        var half = _dimensions / 2;
        var factors = _factors.data<float>().ToArray();
        var frequencies = new double[half];
        for (var i = 0; i < half; i++)
        {
            frequencies[i] = Math.Pow(_base, -2.0 * i / _dimensions) / factors[i];
        }

        return frequencies;
    }
}
