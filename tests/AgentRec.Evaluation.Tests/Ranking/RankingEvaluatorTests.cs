using System.Text.Json;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Evaluation.Ranking;
using AgentRec.Evaluation.Tests.TestSupport;

namespace AgentRec.Evaluation.Tests.Ranking;

public sealed class RankingEvaluatorTests
{
    // Six items. Item scores are fixed; each user's history changes which items compete with the target.
    private static readonly float[] FixedScores = [9f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f];

    [Fact]
    public async Task ScoresInBatchesAndAveragesRanks()
    {
        SequenceExample[] examples =
        [
            new("a", [2, 3], 1),       // rank 1
            new("b", [1], 4),          // items 2, 3 ahead: rank 3
            new("c", [1, 2, 3, 4], 6), // item 5 ahead: rank 2
        ];
        var batches = new List<int>();
        var progress = new SynchronousProgress();

        RankingReport report = await new RankingEvaluator(new RankingEvaluatorOptions { BatchSize = 2, Cutoffs = [1, 2] })
            .EvaluateAsync(histories => { batches.Add(histories.Count); return Rows(histories.Count); }, examples, progress);

        Assert.Equal([2, 1], batches);
        Assert.Equal([2, 3], progress.Reports);
        Assert.Equal(3, report.UserCount);
        Assert.Equal(1.0 / 3, report[RankingMetric.HitRate, 1], 1e-12);
        Assert.Equal(2.0 / 3, report[RankingMetric.HitRate, 2], 1e-12);
        Assert.Equal((1 + (1 / Math.Log2(3))) / 3, report[RankingMetric.Ndcg, 2], 1e-12);
        Assert.Equal((1 + 0.5) / 3, report[RankingMetric.Mrr, 2], 1e-12);
        Assert.Equal(2.0, report.MeanRank, 1e-12);
    }

    [Fact]
    public async Task TheScorerSeesHistoriesButNeverTargets()
    {
        var seen = new List<int[]>();
        SequenceExample[] examples = [new("a", [5, 2], 1), new("b", [3], 6)];

        await new RankingEvaluator().EvaluateAsync(h => { seen.AddRange(h.Select(x => x.ToArray())); return Rows(h.Count); }, examples);

        Assert.Equal([[5, 2], [3]], seen);
    }

    [Fact]
    public async Task RejectsScoreMatricesOfTheWrongShape()
    {
        SequenceExample[] examples = [new("a", [2], 6), new("b", [3], 1)];
        var evaluator = new RankingEvaluator();

        var rows = await Assert.ThrowsAsync<InvalidOperationException>(() => evaluator.EvaluateAsync(_ => new float[1, 7], examples));
        Assert.Contains("1 score rows for a batch of 2", rows.Message, StringComparison.Ordinal);

        var columns = await Assert.ThrowsAsync<InvalidOperationException>(() => evaluator.EvaluateAsync(_ => new float[2, 5], examples));
        Assert.Contains("user 'a'", columns.Message, StringComparison.Ordinal);
        Assert.Contains("target item 6", columns.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RendersMarkdownAndJson()
    {
        var metrics = new RankingMetrics();
        metrics.AddRank(1);
        metrics.AddRank(3);
        RankingReport report = metrics.ToReport();

        string markdown = report.ToMarkdown("Popularity");
        Assert.Contains("| Metric | @5 | @10 | @20 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| NDCG | 0.7500 | 0.7500 | 0.7500 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Users: 2.", markdown, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("users").GetInt32());
        Assert.Equal(2.0 / 3, json.RootElement.GetProperty("metrics").GetProperty("MRR@10").GetDouble(), 1e-12);
        Assert.Equal(9, json.RootElement.GetProperty("metrics").EnumerateObject().Count());
    }

    [SharedDataFact]
    public async Task PopularityBeatsItsReverseOnMovieLens()
    {
        var loaded = await MovieLensLoader.LoadAsync(SharedData.Path("ml-100k"));
        var split = LeaveOneOutSplit.Create(loaded.Value);
        int items = loaded.Value.ItemCount;

        // Popularity from the train prefixes only, so the held-out targets do not leak into the scores.
        var popularity = new float[items + 1];
        foreach (UserSequence sequence in split.Train)
        {
            foreach (int item in sequence.Items)
            {
                popularity[item]++;
            }
        }

        float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories, float sign)
        {
            var scores = new float[histories.Count, items + 1];
            for (int r = 0; r < histories.Count; r++)
            {
                for (int i = 1; i <= items; i++)
                {
                    scores[r, i] = sign * popularity[i];
                }
            }

            return scores;
        }

        var evaluator = new RankingEvaluator();
        RankingReport popular = await evaluator.EvaluateAsync(h => Score(h, 1f), split.Test);
        RankingReport reverse = await evaluator.EvaluateAsync(h => Score(h, -1f), split.Test);

        Assert.Equal(943, popular.UserCount);
        Assert.InRange(popular[RankingMetric.HitRate, 10], 0.06, 0.11); // 0.084 when written
        Assert.True(popular[RankingMetric.Ndcg, 10] > 10 * reverse[RankingMetric.Ndcg, 10]);
        Assert.True(popular.MeanRank < reverse.MeanRank);
    }

    private static float[,] Rows(int count)
    {
        var rows = new float[count, FixedScores.Length];
        for (int r = 0; r < count; r++)
        {
            for (int c = 0; c < FixedScores.Length; c++)
            {
                rows[r, c] = FixedScores[c];
            }
        }

        return rows;
    }

    private sealed class SynchronousProgress : IProgress<int>
    {
        public List<int> Reports { get; } = [];

        public void Report(int value) => Reports.Add(value);
    }
}
