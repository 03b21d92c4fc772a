using AgentRec.Evaluation.Ranking;

namespace AgentRec.Cli.Evaluation;

/// <summary>
/// SFT+CFT minus SFT on the same test rows, NDCG@10 and HR@10 per row, with paired bootstrap intervals: whether a
/// gap between the two methods is larger than the row-to-row noise of one test set.
/// </summary>
internal sealed record CftComparison(PairedDifference Ndcg10, PairedDifference HitRate10)
{
    private const int Cutoff = 10;

    public static CftComparison Of(IReadOnlyList<int> sftRanks, IReadOnlyList<int> cftRanks)
    {
        static double[] Ndcg(IReadOnlyList<int> ranks) => [.. ranks.Select(r => r <= Cutoff ? 1 / Math.Log2(r + 1) : 0)];
        static double[] Hits(IReadOnlyList<int> ranks) => [.. ranks.Select(r => r <= Cutoff ? 1.0 : 0)];
        return new CftComparison(PairedBootstrap.Compare(Ndcg(sftRanks), Ndcg(cftRanks)), PairedBootstrap.Compare(Hits(sftRanks), Hits(cftRanks)));
    }
}
