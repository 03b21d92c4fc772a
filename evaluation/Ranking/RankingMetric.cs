namespace AgentRec.Evaluation.Ranking;

/// <summary>The full-ranking metrics <see cref="RankingMetrics"/> reports at each cutoff.</summary>
public enum RankingMetric
{
    /// <summary>HR@k: 1 when the target ranks in the top k, else 0 (equals Recall@k with one target).</summary>
    HitRate,

    /// <summary>NDCG@k with one relevant item: <c>1 / log2(rank + 1)</c> inside the top k, else 0.</summary>
    Ndcg,

    /// <summary>MRR@k: <c>1 / rank</c> inside the top k, else 0.</summary>
    Mrr,
}
