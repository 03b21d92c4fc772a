namespace AgentRec.Evaluation.Ranking;

/// <summary>Options of <see cref="RankingEvaluator"/>.</summary>
public sealed record RankingEvaluatorOptions
{
    /// <summary>Cutoffs k for HR/NDCG/MRR@k (the SRA-CL protocol reports 5, 10 and 20).</summary>
    public IReadOnlyList<int> Cutoffs { get; init; } = RankingMetrics.DefaultCutoffs;

    /// <summary>Histories per scorer call; a batch's score matrix is <c>BatchSize × (items + 1)</c> floats.</summary>
    public int BatchSize { get; init; } = 256;
}
