using AgentRec.Evaluation.Ranking;

namespace AgentRec.Cli.Evaluation;

/// <summary>Full-ranking metrics of grounded generations, and the share of generations that are exactly a catalog title.</summary>
internal sealed record GroundedRanking(RankingReport Ranking, double ExactTitleShare);
