using AgentRec.Evaluation.Ranking;

namespace AgentRec.Cli.Evaluation;

/// <summary>
/// Full-ranking metrics of grounded generations, the share of generations that are exactly a catalog title, and each
/// row's 1-based target rank (for paired comparisons of two methods on the same rows).
/// </summary>
internal sealed record GroundedRanking(RankingReport Ranking, double ExactTitleShare, IReadOnlyList<int> Ranks);
