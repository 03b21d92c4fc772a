using AgentRec.Llm.Runtime;

namespace AgentRec.Llm.Batching;

/// <summary>One generation job: a tokenised prompt, how to sample, and when to stop.</summary>
public sealed record GenerationRequest
{
    public GenerationRequest(IReadOnlyList<int> promptTokens, SamplingOptions sampling, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(sampling);
        if (promptTokens.Count == 0)
        {
            throw new ArgumentException("The prompt must contain at least one token.", nameof(promptTokens));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        PromptTokens = promptTokens;
        Sampling = sampling;
        MaxTokens = maxTokens;
    }

    public IReadOnlyList<int> PromptTokens { get; }

    public SamplingOptions Sampling { get; }

    public int MaxTokens { get; }
}

/// <summary>Why a generation ended.</summary>
public enum GenerationFinish
{
    /// <summary>The model produced an end-of-generation token (not emitted).</summary>
    EndOfGeneration,

    /// <summary>MaxTokens were produced.</summary>
    Length,
}

/// <summary>A sampled token, and on the last one, why generation ended.</summary>
public readonly record struct GeneratedToken(int Token, GenerationFinish? Finish);
