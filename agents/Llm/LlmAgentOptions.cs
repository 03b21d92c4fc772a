namespace AgentRec.Agents.Llm;

/// <summary>How the LLM agent retrieves candidates and constrains its output.</summary>
public sealed record LlmAgentOptions
{
    /// <summary>Most items in one Recommend (and shown per Search).</summary>
    public int ItemsPerTurn { get; init; } = 5;

    /// <summary>
    /// Fewest items in one Recommend (3, like the scripted teacher; fewer when fewer candidates are listed): the
    /// grammar makes the model name that many, and a Recommend left shorter (repeated ids, a JSON-Schema server) is
    /// filled up with the best candidates it did not name.
    /// </summary>
    public int MinItemsPerRecommend { get; init; } = 3;

    /// <summary>Candidates retrieved per turn and listed in the prompt; Recommend may only name these.</summary>
    public int Candidates { get; init; } = 12;

    /// <summary>Candidates taken from the history recommender (when one is configured) before search results.</summary>
    public int HistoryCandidates { get; init; } = 4;

    public int MaxOutputTokens { get; init; } = 128;

    /// <summary>Most characters of an Ask/Search/Response text.</summary>
    public int MaxTextLength { get; init; } = 200;

    public float Temperature { get; init; } = 0.7f;

    /// <summary>Base seed; each turn samples with a seed derived from it, the session id and the turn number.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How output is forced into the action protocol.</summary>
    public ActionConstraint Constraint { get; init; } = ActionConstraint.Auto;

    /// <summary>Earlier exchanges included in the prompt (older ones are dropped to keep prompts short).</summary>
    public int HistoryTurns { get; init; } = 4;

    public string CatalogName { get; init; } = "catalog";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ItemsPerTurn, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Candidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinItemsPerRecommend, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinItemsPerRecommend, ItemsPerTurn);
        ArgumentOutOfRangeException.ThrowIfNegative(HistoryCandidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputTokens, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(HistoryTurns);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTextLength, 1);
    }
}
