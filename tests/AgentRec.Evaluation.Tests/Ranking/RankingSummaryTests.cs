using System.Text.Json;
using AgentRec.Evaluation.Ranking;

namespace AgentRec.Evaluation.Tests.Ranking;

public sealed class RankingSummaryTests
{
    [Fact]
    public void AggregatesEachMetricAcrossRuns()
    {
        RankingReport first = Report(1, 3);
        RankingReport second = Report(1, 1);

        RankingSummary summary = RankingSummary.Across([first, second]);

        Assert.Equal(2, summary.RunCount);
        Assert.Equal(0.875, summary[RankingMetric.Ndcg, 5].Mean, 1e-12);
        Assert.Equal(Math.Sqrt(0.03125), summary[RankingMetric.Ndcg, 5].StandardDeviation, 1e-12);
        Assert.Equal(1.0, summary[RankingMetric.HitRate, 5].Mean, 1e-12);
        Assert.Equal(0.0, summary[RankingMetric.HitRate, 5].StandardDeviation, 1e-12);
        Assert.Equal(2, summary.UserCount.Mean);
    }

    [Fact]
    public void RendersMeanAndSpread()
    {
        RankingSummary summary = RankingSummary.Across([Report(1, 3), Report(1, 1)]);

        string markdown = summary.ToMarkdown("SASRec on ml-100k");
        Assert.Contains("### SASRec on ml-100k", markdown, StringComparison.Ordinal);
        Assert.Contains("| NDCG | 0.8750 ± 0.1768 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Runs: 2.", markdown, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(summary.ToJson());
        JsonElement ndcg = json.RootElement.GetProperty("metrics").GetProperty("NDCG@5");
        Assert.Equal(0.875, ndcg.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetInt32());
    }

    [Fact]
    public void RejectsRunsWithDifferentCutoffs()
    {
        var other = new RankingMetrics([10]);
        other.AddRank(1);

        var error = Assert.Throws<ArgumentException>(() => RankingSummary.Across([Report(1), other.ToReport()]));
        Assert.Contains("Run 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RankingSummary.Across([]));
    }

    // Ranks 1 and 3 at cutoff 5: NDCG = (1 + 0.5) / 2 = 0.75; ranks 1 and 1: NDCG = 1. Mean 0.875, sample std sqrt(0.03125).
    private static RankingReport Report(params int[] ranks)
    {
        var metrics = new RankingMetrics([5]);
        foreach (int rank in ranks)
        {
            metrics.AddRank(rank);
        }

        return metrics.ToReport();
    }
}
