namespace AgentRec.Simulator.Scoring;

/// <summary>
/// ECPO forward expectation confirmation for one agent turn: deductions for Guidance (0–1), Flexibility
/// (0–2) and Coherence (0–2), each explained in <see cref="Reasons"/>; satisfaction = 5 − their sum.
/// </summary>
/// <param name="TurnIndex">The <see cref="Core.Conversations.ConversationTurn.Index"/> whose agent turn was scored.</param>
/// <param name="Reasons">One line per deduction ("Flexibility -1: ..."); empty when nothing was deducted.</param>
public sealed record TurnScore(int TurnIndex, double Guidance, double Flexibility, double Coherence, IReadOnlyList<string> Reasons)
{
    public const double MaxGuidance = 1;
    public const double MaxFlexibility = 2;
    public const double MaxCoherence = 2;
    public const double MaxSatisfaction = 5;

    public double Guidance { get; init; } = Guidance is >= 0 and <= MaxGuidance
        ? Guidance
        : throw new ArgumentOutOfRangeException(nameof(Guidance), Guidance, $"The Guidance deduction lies in [0, {MaxGuidance}].");

    public double Flexibility { get; init; } = Flexibility is >= 0 and <= MaxFlexibility
        ? Flexibility
        : throw new ArgumentOutOfRangeException(nameof(Flexibility), Flexibility, $"The Flexibility deduction lies in [0, {MaxFlexibility}].");

    public double Coherence { get; init; } = Coherence is >= 0 and <= MaxCoherence
        ? Coherence
        : throw new ArgumentOutOfRangeException(nameof(Coherence), Coherence, $"The Coherence deduction lies in [0, {MaxCoherence}].");

    public IReadOnlyList<string> Reasons { get; init; } = Reasons ?? throw new ArgumentNullException(nameof(Reasons));

    /// <summary>True when an LLM judge gave the score; false for the rules (including fallbacks).</summary>
    public bool FromJudge { get; init; }

    public double Satisfaction => MaxSatisfaction - (Guidance + Flexibility + Coherence);
}
