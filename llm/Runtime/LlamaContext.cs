using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>
/// One llama.cpp context: KV cache for up to <see cref="MaxSequences"/> sequences plus compute
/// buffers. Not thread-safe: one thread decodes at a time (the batching engine owns its context).
/// </summary>
public sealed class LlamaContext : IDisposable
{
    private readonly SafeLlamaContextHandle _handle;
    private GCHandle _selfHandle;
    private volatile bool _abortRequested;

    private LlamaContext(LlamaModel model, SafeLlamaContextHandle handle, LlamaContextOptions options)
    {
        Model = model;
        _handle = handle;
        Options = options;
        ContextSize = (int)NativeMethods.llama_n_ctx(handle);
        BatchSize = (int)NativeMethods.llama_n_batch(handle);
        MaxSequences = (int)NativeMethods.llama_n_seq_max(handle);
        Pooling = (LlamaPooling)NativeMethods.llama_pooling_type(handle);
        _selfHandle = GCHandle.Alloc(this, GCHandleType.Weak);
        unsafe
        {
            NativeMethods.llama_set_abort_callback(handle, &OnAbortCheck, GCHandle.ToIntPtr(_selfHandle));
        }
    }

    public LlamaModel Model { get; }

    public LlamaContextOptions Options { get; }

    public int ContextSize { get; }

    public int BatchSize { get; }

    public int MaxSequences { get; }

    public LlamaPooling Pooling { get; }

    internal SafeLlamaContextHandle Handle => _handle;

    internal static LlamaContext Create(LlamaModel model, LlamaContextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSequences, 1);
        var maxSequences = LlamaBackend.MaxParallelSequences;
        if (options.MaxSequences > maxSequences)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSequences, $"MaxSequences must be at most {maxSequences}.");
        }

        var parameters = NativeMethods.llama_context_default_params();
        parameters.ContextSize = (uint)options.ContextSize;
        parameters.BatchSize = (uint)options.BatchSize;
        parameters.MicroBatchSize = (uint)(options.MicroBatchSize ?? options.BatchSize);
        parameters.MaxSequences = (uint)options.MaxSequences;
        parameters.Threads = LlamaThreading.GenerationThreads(model.SizeBytes, options.Threads);
        parameters.BatchThreads = LlamaThreading.BatchThreads(options.BatchThreads);
        parameters.Embeddings = (byte)(options.Embeddings ? 1 : 0);
        parameters.PoolingType = (int)options.Pooling;
        parameters.KvUnified = (byte)(options.UnifiedKvCache ? 1 : 0);
        parameters.NoPerf = 0;
        // Embeddings without pooling read one row per token; generation needs one per sequence.
        parameters.MaxOutputsPerSequence = options.Embeddings ? 0u : parameters.MaxOutputsPerSequence;
        if (options.FlashAttention is { } flash)
        {
            parameters.FlashAttentionType = flash ? 1 : 0;
        }

        var handle = NativeMethods.llama_init_from_model(model.Handle, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LlamaException($"llama.cpp could not create a context (n_ctx {options.ContextSize}, n_seq {options.MaxSequences}): {LlamaBackend.LastNativeError ?? "no reason given"}.");
        }

        return new LlamaContext(model, handle, options);
    }

    /// <summary>Runs the model over a batch. Throws <see cref="OperationCanceledException"/> when aborted via <see cref="RequestAbort"/>.</summary>
    public void Decode(LlamaBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        _abortRequested = false;
        var code = NativeMethods.llama_decode(_handle, batch.Native);
        switch (code)
        {
            case 0:
                return;
            case 1:
                throw new LlamaException($"No room in the KV cache for {batch.Count} tokens (context {ContextSize} shared by {MaxSequences} sequences).") { NativeCode = code };
            case 2:
                throw new OperationCanceledException("Decoding was aborted.");
            default:
                throw new LlamaException($"llama_decode failed with code {code}: {LlamaBackend.LastNativeError ?? "invalid batch"}.") { NativeCode = code };
        }
    }

    /// <summary>Asks a running <see cref="Decode"/> on another thread to stop at the next graph node.</summary>
    public void RequestAbort() => _abortRequested = true;

    /// <summary>Logits for the token at <paramref name="batchIndex"/> of the last decoded batch (must have been flagged).</summary>
    public unsafe ReadOnlySpan<float> GetLogits(int batchIndex)
    {
        var ptr = NativeMethods.llama_get_logits_ith(_handle, batchIndex);
        if (ptr == null)
        {
            throw new LlamaException($"No logits for batch index {batchIndex}: the token was not flagged for output.");
        }

        return new ReadOnlySpan<float>(ptr, Model.VocabularySize);
    }

    /// <summary>Pooled embedding of a sequence (contexts created with <see cref="LlamaContextOptions.Embeddings"/> and pooling).</summary>
    public unsafe ReadOnlySpan<float> GetSequenceEmbedding(int sequence)
    {
        var ptr = NativeMethods.llama_get_embeddings_seq(_handle, sequence);
        if (ptr == null)
        {
            throw new LlamaException($"No pooled embedding for sequence {sequence} (is pooling enabled and the sequence in the last batch?).");
        }

        return new ReadOnlySpan<float>(ptr, Model.EmbeddingSize);
    }

    /// <summary>Embedding of one output token of the last batch (pooling None).</summary>
    public unsafe ReadOnlySpan<float> GetTokenEmbedding(int batchIndex)
    {
        var ptr = NativeMethods.llama_get_embeddings_ith(_handle, batchIndex);
        if (ptr == null)
        {
            throw new LlamaException($"No embedding for batch index {batchIndex}.");
        }

        return new ReadOnlySpan<float>(ptr, Model.EmbeddingSize);
    }

    /// <summary>Removes positions [from, to) of a sequence from the KV cache (-1 = open end).</summary>
    public bool RemoveSequence(int sequence, int from = -1, int to = -1) =>
        NativeMethods.llama_memory_seq_rm(NativeMethods.llama_get_memory(_handle), sequence, from, to);

    /// <summary>Shares the cached positions [from, to) of one sequence with another (prefix reuse).</summary>
    public void CopySequence(int source, int destination, int from = -1, int to = -1) =>
        NativeMethods.llama_memory_seq_cp(NativeMethods.llama_get_memory(_handle), source, destination, from, to);

    /// <summary>Largest cached position of a sequence, -1 when empty.</summary>
    public int SequenceMaxPosition(int sequence) => NativeMethods.llama_memory_seq_pos_max(NativeMethods.llama_get_memory(_handle), sequence);

    public void ClearMemory() => NativeMethods.llama_memory_clear(NativeMethods.llama_get_memory(_handle), true);

    public void SetThreads(int generationThreads, int batchThreads) => NativeMethods.llama_set_n_threads(_handle, generationThreads, batchThreads);

    /// <summary>Replaces the LoRA adapters applied by this context (empty list = none).</summary>
    public unsafe void SetLoraAdapters(IReadOnlyList<(LlamaLoraAdapter Adapter, float Scale)> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var pointers = new nint[adapters.Count];
        var scales = new float[adapters.Count];
        for (var i = 0; i < adapters.Count; i++)
        {
            if (!ReferenceEquals(adapters[i].Adapter.Model, Model))
            {
                throw new ArgumentException("A LoRA adapter must be loaded for the context's own model.", nameof(adapters));
            }

            pointers[i] = adapters[i].Adapter.Pointer;
            scales[i] = adapters[i].Scale;
        }

        fixed (nint* p = pointers)
        fixed (float* s = scales)
        {
            var code = NativeMethods.llama_set_adapters_lora(_handle, p, (nuint)pointers.Length, s);
            if (code != 0)
            {
                throw new LlamaException($"llama_set_adapters_lora failed with code {code}.") { NativeCode = code };
            }
        }
    }

    /// <summary>Timings llama.cpp measured for this context.</summary>
    public (int PromptTokens, double PromptMs, int GeneratedTokens, double GenerationMs) PerformanceCounters()
    {
        var data = NativeMethods.llama_perf_context(_handle);
        return (data.PromptEvalCount, data.PromptEvalMs, data.EvalCount, data.EvalMs);
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_selfHandle.IsAllocated)
        {
            _selfHandle.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnAbortCheck(nint data)
    {
        var target = GCHandle.FromIntPtr(data).Target as LlamaContext;
        return (byte)(target is { _abortRequested: true } ? 1 : 0);
    }
}
