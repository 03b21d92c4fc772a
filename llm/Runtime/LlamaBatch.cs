using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>
/// A reusable native <c>llama_batch</c>: tokens with positions, one sequence id each, and a flag
/// saying whether logits are wanted for that token.
/// </summary>
public sealed unsafe class LlamaBatch : IDisposable
{
    private LlamaBatchNative _native;
    private bool _disposed;

    public LlamaBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        LlamaBackend.EnsureInitialized();
        Capacity = capacity;
        _native = NativeMethods.llama_batch_init(capacity, 0, 1);
        if (_native.Token == null)
        {
            throw new LlamaException($"llama_batch_init failed for {capacity} tokens.");
        }
    }

    public int Capacity { get; }

    public int Count => _native.TokenCount;

    public int Free => Capacity - Count;

    internal LlamaBatchNative Native => _native;

    /// <summary>Adds a token and returns its index in the batch (the index to read its logits by).</summary>
    public int Add(int token, int position, int sequence, bool wantLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var i = _native.TokenCount;
        if (i >= Capacity)
        {
            throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        }

        _native.Token[i] = token;
        _native.Pos[i] = position;
        _native.SeqIdCount[i] = 1;
        _native.SeqId[i][0] = sequence;
        _native.Logits[i] = (sbyte)(wantLogits ? 1 : 0);
        _native.TokenCount = i + 1;
        return i;
    }

    public void Clear() => _native.TokenCount = 0;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMethods.llama_batch_free(_native);
        _native = default;
    }
}
