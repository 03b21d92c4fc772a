using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>Options of <see cref="UserSummaryBuilder"/>.</summary>
public sealed record UserSummaryOptions
{
    /// <summary>Summaries are cut to this many words (SRA-CL asks the LLM for at most 100).</summary>
    public int MaxWords { get; init; } = 100;

    /// <summary>Most recent items shown to the chat model; older ones are left out of the prompt.</summary>
    public int MaxPromptItems { get; init; } = 20;

    /// <summary>Most recent titles named in the deterministic summary.</summary>
    public int MaxTitles { get; init; } = 8;

    /// <summary>Most frequent values listed per attribute kind in the deterministic summary.</summary>
    public int MaxValuesPerKind { get; init; } = 5;

    /// <summary>Chat requests in flight at once (a batching llama.cpp server serves several together).</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Options for the chat model; null means temperature 0 (reproducible) and at most 200 output tokens.</summary>
    public ChatOptions? ChatOptions { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWords, 1, nameof(MaxWords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPromptItems, 1, nameof(MaxPromptItems));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTitles, 0, nameof(MaxTitles));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxValuesPerKind, 0, nameof(MaxValuesPerKind));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1, nameof(MaxConcurrentRequests));
    }
}
