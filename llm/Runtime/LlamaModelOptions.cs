namespace AgentRec.Llm.Runtime;

/// <summary>How a GGUF model is loaded. Null/defaults follow llama.cpp's own defaults.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Layers to offload to a GPU; 0 on CPU-only builds (the default), negative = all.</summary>
    public int GpuLayers { get; init; }

    /// <summary>Memory-map the file instead of reading it (fast load, shared pages).</summary>
    public bool UseMemoryMap { get; init; } = true;

    /// <summary>Lock the weights in RAM so the OS cannot page them out.</summary>
    public bool LockMemory { get; init; }

    /// <summary>Load only the tokenizer (for tokenising without weights).</summary>
    public bool VocabularyOnly { get; init; }

    /// <summary>Validate tensor data while loading (slow; for untrusted files).</summary>
    public bool CheckTensors { get; init; }
}
