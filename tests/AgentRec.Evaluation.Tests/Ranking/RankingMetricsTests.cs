using AgentRec.Evaluation.Ranking;

namespace AgentRec.Evaluation.Tests.Ranking;

public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void BestScoredTargetRanksFirstAndScoresOneEverywhere()
    {
        float[] scores = [0f, 0.9f, 0.5f, 0.1f];

        int rank = RankingMetrics.Rank(scores, [], 1);

        Assert.Equal(1, rank);
        Assert.Equal(1.0, RankingMetrics.HitRate(rank, 5));
        Assert.Equal(1.0, RankingMetrics.Ndcg(rank, 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.ReciprocalRank(rank, 5), Tolerance);
    }

    [Fact]
    public void HistoryItemsAndPaddingAreNotCandidates()
    {
        // Padding (column 0) has the highest score; items 1 and 6 are history and beat the target too.
        float[] scores = [100f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.95f];

        int withoutHistory = RankingMetrics.Rank(scores, [], 4);
        int rank = RankingMetrics.Rank(scores, [6, 1], 4);

        Assert.Equal(5, withoutHistory);
        Assert.Equal(3, rank);
        Assert.Equal(0.5, RankingMetrics.Ndcg(rank, 5), Tolerance); // 1 / log2(4)
        Assert.Equal(1.0 / 3, RankingMetrics.ReciprocalRank(rank, 5), Tolerance);
        Assert.Equal(1.0, RankingMetrics.HitRate(rank, 3));
        Assert.Equal(0.0, RankingMetrics.HitRate(rank, 2));
    }

    [Fact]
    public void RankElevenFallsOutsideTenButInsideTwenty()
    {
        // 30 items: items 1..10 beat the target (item 20), items 11..13 also beat it but are history.
        float[] scores = new float[31];
        for (int i = 1; i <= 30; i++)
        {
            scores[i] = i <= 13 ? 1f - (i * 0.01f) : 0.1f - (i * 0.001f);
        }

        scores[20] = 0.5f;
        int rank = RankingMetrics.Rank(scores, [11, 12, 13, 12], 20);

        Assert.Equal(11, rank);
        Assert.Equal(0.0, RankingMetrics.HitRate(rank, 10));
        Assert.Equal(1.0, RankingMetrics.HitRate(rank, 20));
        Assert.Equal(0.0, RankingMetrics.Ndcg(rank, 10));
        Assert.Equal(1.0 / Math.Log2(12), RankingMetrics.Ndcg(rank, 20), Tolerance);
        Assert.Equal(1.0 / 11, RankingMetrics.ReciprocalRank(rank, 20), Tolerance);
        Assert.Equal(0.0, RankingMetrics.ReciprocalRank(rank, 10));
    }

    [Fact]
    public void TiesRankAheadOfTheTarget()
    {
        float[] scores = [0f, 0.5f, 0.9f, 0.5f, 0.5f, 0.1f];

        Assert.Equal(4, RankingMetrics.Rank(scores, [], 1));
        Assert.Equal(4, RankingMetrics.Rank(scores, [], 3));
        Assert.Equal(3, RankingMetrics.Rank(scores, [4], 3));
    }

    [Fact]
    public void ConstantScoresGiveTheWorstRank()
    {
        float[] scores = Enumerable.Repeat(0.25f, 101).ToArray();

        Assert.Equal(100, RankingMetrics.Rank(scores, [], 37));
        Assert.Equal(98, RankingMetrics.Rank(scores, [1, 2], 37));
    }

    [Fact]
    public void NaNScoresCountAgainstTheModel()
    {
        float[] scores = [0f, 0.9f, float.NaN, 0.1f, 0.2f];
        Assert.Equal(2, RankingMetrics.Rank(scores, [], 1));

        float[] nanTarget = [0f, float.NaN, 0.3f, 0.1f, 0.2f];
        Assert.Equal(4, RankingMetrics.Rank(nanTarget, [], 1));
    }

    [Fact]
    public void TargetInHistoryStaysACandidate()
    {
        float[] scores = [0f, 0.2f, 0.9f, 0.5f];

        // Item 2 beats the target; the target's own earlier occurrences do not remove it from the candidates.
        Assert.Equal(2, RankingMetrics.Rank(scores, [3, 3], 3));
        Assert.Equal(1, RankingMetrics.Rank(scores, [2, 3, 0, 0], 3));
    }

    [Fact]
    public void LongRowsAgreeWithACountingReference()
    {
        // Long enough for the vectorised count; random ties and NaNs exercise every comparison path.
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] scores = new float[1 + random.Next(1, 300)];
            for (int i = 0; i < scores.Length; i++)
            {
                scores[i] = random.Next(20) == 0 ? float.NaN : random.Next(12) / 4f;
            }

            int target = random.Next(1, scores.Length);
            int[] history = [.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(0, scores.Length))];
            var excluded = history.Where(h => h != 0 && h != target).ToHashSet();
            int expected = 1 + Enumerable.Range(1, scores.Length - 1)
                .Count(i => i != target && !excluded.Contains(i) && !(scores[i] < scores[target]));

            Assert.Equal(expected, RankingMetrics.Rank(scores, history, target));
        }
    }

    [Fact]
    public void AccumulatesMeansOverUsers()
    {
        var metrics = new RankingMetrics([20, 5, 10]);
        metrics.AddRank(1);
        metrics.AddRank(3);
        metrics.AddRank(11);

        RankingReport report = metrics.ToReport();

        Assert.Equal(3, report.UserCount);
        Assert.Equal([5, 10, 20], report.Cutoffs);
        Assert.Equal(2.0 / 3, report[RankingMetric.HitRate, 5], Tolerance);
        Assert.Equal(2.0 / 3, report[RankingMetric.HitRate, 10], Tolerance);
        Assert.Equal(1.0, report[RankingMetric.HitRate, 20], Tolerance);
        Assert.Equal((1 + 0.5) / 3, report[RankingMetric.Ndcg, 10], Tolerance);
        Assert.Equal((1 + 0.5 + (1 / Math.Log2(12))) / 3, report[RankingMetric.Ndcg, 20], Tolerance);
        Assert.Equal((1 + (1.0 / 3)) / 3, report[RankingMetric.Mrr, 5], Tolerance);
        Assert.Equal((1 + (1.0 / 3) + (1.0 / 11)) / 3, report[RankingMetric.Mrr, 20], Tolerance);
        Assert.Equal(5.0, report.MeanRank, Tolerance);
        Assert.Equal(9, report.Metrics.Count);
    }

    [Fact]
    public void RejectsBadInput()
    {
        float[] scores = [0f, 0.1f, 0.2f];

        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Rank(scores, [], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Rank(scores, [], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Rank(scores, [5], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Rank(scores, [-1], 1));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Rank([0f], [], 1));
        Assert.Throws<ArgumentException>(() => new RankingMetrics([5, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RankingMetrics([0, 5]));
        Assert.Throws<ArgumentException>(() => new RankingMetrics([]));
        Assert.Throws<KeyNotFoundException>(() => new RankingMetrics([5]).ToReport()[RankingMetric.Ndcg, 10]);
    }
}
