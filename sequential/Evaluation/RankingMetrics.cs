namespace AgentRec.Sequential.Evaluation;

/// <summary>Full-ranking hit rate and NDCG at 5, 10 and 20, averaged over <see cref="Users"/> examples.</summary>
public sealed record RankingMetrics(int Users, double HitRate5, double HitRate10, double HitRate20, double Ndcg5, double Ndcg10, double Ndcg20)
{
    public override string ToString() =>
        FormattableString.Invariant($"HR@5 {HitRate5:F4} HR@10 {HitRate10:F4} HR@20 {HitRate20:F4} NDCG@5 {Ndcg5:F4} NDCG@10 {Ndcg10:F4} NDCG@20 {Ndcg20:F4} ({Users} users)");
}
