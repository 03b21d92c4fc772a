namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// The outcome of one simulated session. <see cref="SuccessTurn"/> is the 1-based agent turn that first
/// recommended the target (null: never); <see cref="RecallHit"/> says whether the target was within the first k
/// items of a Recommend turn; <see cref="Satisfaction"/> holds one score per agent turn.
/// </summary>
public sealed record SessionResult(
    int UserIndex,
    string UserId,
    string TargetId,
    int? SuccessTurn,
    bool RecallHit,
    int AgentTurns,
    IReadOnlyList<double> Satisfaction,
    int UnknownItemRecommendations,
    string TranscriptJson)
{
    public bool Succeeded => SuccessTurn is not null;

    public double MeanSatisfaction => Satisfaction.Count == 0 ? 0 : Satisfaction.Average();
}
