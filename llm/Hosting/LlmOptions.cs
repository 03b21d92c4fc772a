namespace AgentRec.Llm.Hosting;

/// <summary>
/// Which model serves chat and embeddings, bound from configuration section <c>AgentRec:Llm</c>
/// (appsettings.json, AGENTREC_Llm__* environment variables, CLI flags).
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "AgentRec:Llm";

    /// <summary>"llama" (in-process llama.cpp, the default) or "openai" (a remote OpenAI-compatible server).</summary>
    public string Backend { get; set; } = "llama";

    /// <summary>GGUF file for chat; null = the default model from the model store.</summary>
    public string? ModelPath { get; set; }

    /// <summary>GGUF file for embeddings; null = the chat model.</summary>
    public string? EmbeddingModelPath { get; set; }

    /// <summary>KV cache tokens shared by all concurrent conversations.</summary>
    public int ContextSize { get; set; } = 8192;

    /// <summary>Conversations decoded together (continuous batching).</summary>
    public int MaxParallelSequences { get; set; } = 16;

    public int BatchSize { get; set; } = 512;

    public int QueueCapacity { get; set; } = 256;

    /// <summary>Generation threads; null = chosen from the model size and the cores.</summary>
    public int? Threads { get; set; }

    public int? BatchThreads { get; set; }

    /// <summary>Layers offloaded to a GPU when the native build has one.</summary>
    public int GpuLayers { get; set; }

    public int DefaultMaxOutputTokens { get; set; } = 512;

    /// <summary>Overrides the model's chat template (e.g. "chatml").</summary>
    public string? ChatTemplate { get; set; }

    public void Validate()
    {
        if (!string.Equals(Backend, "llama", StringComparison.OrdinalIgnoreCase) && !string.Equals(Backend, "openai", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{SectionName}:Backend must be 'llama' or 'openai', got '{Backend}'.");
        }

        if (ContextSize < 64)
        {
            throw new ArgumentException($"{SectionName}:ContextSize must be >= 64, got {ContextSize}.");
        }

        if (MaxParallelSequences < 1)
        {
            throw new ArgumentException($"{SectionName}:MaxParallelSequences must be >= 1, got {MaxParallelSequences}.");
        }

        if (DefaultMaxOutputTokens < 1)
        {
            throw new ArgumentException($"{SectionName}:DefaultMaxOutputTokens must be >= 1, got {DefaultMaxOutputTokens}.");
        }
    }
}
