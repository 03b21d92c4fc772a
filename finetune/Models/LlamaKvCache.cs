using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Models;

/// <summary>
/// Keys and values (after RoPE) of the tokens a <see cref="LlamaTorchModel"/> has already seen, per layer, so
/// that later calls of <see cref="LlamaTorchModel.Forward(Tensor, LlamaKvCache?)"/> process only new tokens.
/// Cached tensors are detached from the autograd graph: gradients reach only the tokens of the current call.
/// </summary>
public sealed class LlamaKvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public LlamaKvCache(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Tokens cached so far: the position the next token gets.</summary>
    public long Length { get; private set; }

    public int Layers => _keys.Length;

    /// <summary>Forgets every cached token.</summary>
    public void Clear()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i]?.Dispose();
            _values[i]?.Dispose();
            _keys[i] = null;
            _values[i] = null;
        }

        Length = 0;
    }

    public void Dispose() => Clear();

    /// <summary>
    /// Appends this call's keys/values [batch, kv_heads, time, head_dim] of <paramref name="layer"/> and returns all
    /// so far. The returned tensors keep this call's part in the autograd graph; the stored ones are detached.
    /// </summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var previousKeys = _keys[layer];
        var previousValues = _values[layer];
        if (previousKeys is not null && previousKeys.shape[0] != keys.shape[0])
        {
            throw new ArgumentException($"The cache holds a batch of {previousKeys.shape[0]} sequences, not {keys.shape[0]}.");
        }

        var allKeys = previousKeys is null ? keys.alias() : torch.cat([previousKeys, keys], 2);
        var allValues = previousValues is null ? values.alias() : torch.cat([previousValues, values], 2);
        previousKeys?.Dispose();
        previousValues?.Dispose();
        _keys[layer] = allKeys.detach().DetachFromDisposeScope();
        _values[layer] = allValues.detach().DetachFromDisposeScope();
        return (allKeys, allValues);
    }

    internal void Advance(long tokens) => Length += tokens;
}
