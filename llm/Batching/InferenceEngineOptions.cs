namespace AgentRec.Llm.Batching;

/// <summary>Options of the continuous-batching engine (bound from configuration section <c>AgentRec:Llama:Engine</c>).</summary>
public sealed record InferenceEngineOptions
{
    /// <summary>Requests decoded together; each holds one sequence of the shared context.</summary>
    public int MaxParallelSequences { get; init; } = 16;

    /// <summary>KV cache tokens shared by all running sequences.</summary>
    public int ContextSize { get; init; } = 8192;

    /// <summary>Most tokens in one decode step (generation tokens of all sequences + prompt chunks).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Requests waiting for a free sequence; writers wait (back-pressure) when it is full.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>Single-token decode threads; null = from model size (see LlamaThreading).</summary>
    public int? Threads { get; init; }

    /// <summary>Threads for prompt chunks and multi-sequence steps; null = all cores.</summary>
    public int? BatchThreads { get; init; }

    /// <summary>
    /// Keep a finished request's KV cache in its (now idle) sequence, and start a new request on the idle
    /// sequence whose cached tokens share the longest prefix with its prompt, decoding only the rest. A chat
    /// turn then re-processes only what is new since the previous turn. Idle caches are dropped first when the
    /// context runs out of space. On by default.
    /// </summary>
    public bool ReusePromptPrefix { get; init; } = true;

    public void Validate()
    {
        if (MaxParallelSequences < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelSequences), MaxParallelSequences, "MaxParallelSequences must be >= 1.");
        }

        if (ContextSize < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextSize), ContextSize, "ContextSize must be >= 16.");
        }

        if (BatchSize < MaxParallelSequences)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be >= MaxParallelSequences ({MaxParallelSequences}) so every sequence can advance each step.");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be >= 1.");
        }
    }
}
