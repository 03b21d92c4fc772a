namespace AgentRec.Llm.Runtime;

/// <summary>Options of one inference context (KV cache + compute buffers).</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Total context in tokens shared by all sequences; 0 = the model's training context.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Most tokens one decode call may carry (prompt chunks and batched generation).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Physical micro-batch size; null = same as <see cref="BatchSize"/>.</summary>
    public int? MicroBatchSize { get; init; }

    /// <summary>Distinct sequences (parallel conversations) the context holds.</summary>
    public int MaxSequences { get; init; } = 1;

    /// <summary>Threads for single-token generation; null = chosen from model size and cores (see <see cref="LlamaThreading"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>Threads for prompt and batched decoding; null = all cores.</summary>
    public int? BatchThreads { get; init; }

    /// <summary>Produce embeddings instead of (as well as) logits.</summary>
    public bool Embeddings { get; init; }

    /// <summary>Pooling of token embeddings into one vector per sequence (embeddings only).</summary>
    public LlamaPooling Pooling { get; init; } = LlamaPooling.Unspecified;

    /// <summary>Use flash attention (auto by default).</summary>
    public bool? FlashAttention { get; init; }

    /// <summary>
    /// One KV buffer shared by all sequences. Per-sequence buffers (false) split the context evenly,
    /// so each sequence gets ContextSize / MaxSequences tokens.
    /// </summary>
    public bool UnifiedKvCache { get; init; } = true;
}

/// <summary>How token embeddings are pooled per sequence (llama_pooling_type).</summary>
public enum LlamaPooling
{
    Unspecified = -1,
    None = 0,
    Mean = 1,
    Cls = 2,
    Last = 3,
}
