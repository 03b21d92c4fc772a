namespace AgentRec.Simulator.Scoring;

/// <summary>Thresholds of the rule-based expectation confirmation and settings of the LLM judge.</summary>
public sealed record ExpectationScorerOptions
{
    public static ExpectationScorerOptions Default { get; } = new();

    /// <summary>Target facts the user must have stated before a recommendation counts as informed.</summary>
    public int MinimumStatedFactsToRecommend { get; init; } = 1;

    /// <summary>
    /// Consecutive Ask turns at which the user feels interrogated (the streak's last question is deducted);
    /// one fewer for users with efficiency ≥ 0.7.
    /// </summary>
    public int AskStreakLimit { get; init; } = 3;

    /// <summary>Sampling temperature for the LLM judge (0: the most repeatable verdicts).</summary>
    public float Temperature { get; init; }

    public int MaxOutputTokens { get; init; } = 400;

    internal void Validate()
    {
        if (MinimumStatedFactsToRecommend < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumStatedFactsToRecommend), MinimumStatedFactsToRecommend, "Must not be negative.");
        }

        if (AskStreakLimit < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(AskStreakLimit), AskStreakLimit, "AskStreakLimit must be at least 2.");
        }

        if (Temperature is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature lies in [0, 2].");
        }

        if (MaxOutputTokens < 32)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "MaxOutputTokens must be at least 32.");
        }
    }
}
