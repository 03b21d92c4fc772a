namespace AgentRec.Agents.Training;

/// <summary>Settings of ECPO's backward rewrite.</summary>
public sealed record TurnRewriterOptions
{
    /// <summary>λ: turns with satisfaction below this (0–5 scale) are rewritten (4.0).</summary>
    public double Threshold { get; init; } = 4.0;

    /// <summary>Most ids in a rewritten Recommend (5, as the agent).</summary>
    public int ItemsPerTurn { get; init; } = 5;

    public int MaxTextLength { get; init; } = 200;

    public int MaxOutputTokens { get; init; } = 128;

    public float Temperature { get; init; } = 0.3f;

    public int Seed { get; init; } = 1;
}
