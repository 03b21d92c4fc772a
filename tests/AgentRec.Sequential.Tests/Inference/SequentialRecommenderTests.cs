using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Inference;

public sealed class SequentialRecommenderTests
{
    [SharedDataFact]
    public async Task TopKSkipsHistoryAndOtherwiseFollowsTheScores()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(5);
        using var model = new SasRec(split.Dataset.ItemCount, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        var recommender = new SequentialRecommender(model, batchSize: 7);
        IReadOnlyList<IReadOnlyList<int>> seeds = [.. split.Test.Take(20).Select(e => e.History)];

        // Make each history's own best-scored items part of the history: they must then disappear from the top-k.
        float[,] before = recommender.ScoreAll(seeds);
        var histories = new List<IReadOnlyList<int>>();
        for (int h = 0; h < seeds.Count; h++)
        {
            int[] favourites = [.. Enumerable.Range(1, model.ItemCount).OrderByDescending(i => before[h, i]).Take(5)];
            histories.Add([.. seeds[h], .. favourites]);
        }

        float[,] scores = recommender.ScoreAll(histories);
        IReadOnlyList<RankedItems> top = recommender.TopK(histories, 10);

        Assert.Equal(histories.Count, top.Count);
        for (int h = 0; h < histories.Count; h++)
        {
            var seen = histories[h].ToHashSet();
            int[] expected = [.. Enumerable.Range(1, model.ItemCount).Where(i => !seen.Contains(i)).OrderByDescending(i => scores[h, i]).ThenBy(i => i).Take(10)];
            Assert.Equal(10, top[h].Items.Count);
            Assert.DoesNotContain(top[h].Items, seen.Contains);
            Assert.Equal(expected.Select(i => scores[h, i]), top[h].Scores);
            Assert.True(float.IsNegativeInfinity(scores[h, 0]));
        }

        // Without exclusion the favourites come back.
        IReadOnlyList<RankedItems> raw = recommender.TopK(histories, 5, excludeHistory: false);
        Assert.Contains(raw[0].Items, histories[0].Contains);
    }

    [SharedDataFact]
    public async Task ScoreAllIsTheSameInAnyBatchSize()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(5);
        using var model = new SasRec(split.Dataset.ItemCount, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        IReadOnlyList<IReadOnlyList<int>> histories = [.. split.Test.Take(9).Select(e => e.History)];

        float[,] one = new SequentialRecommender(model, batchSize: 1).ScoreAll(histories);
        float[,] all = new SequentialRecommender(model, batchSize: 64).ScoreAll(histories);

        for (int h = 0; h < histories.Count; h++)
        {
            for (int i = 1; i <= model.ItemCount; i++)
            {
                Assert.Equal(one[h, i], all[h, i], 1e-5);
            }
        }
    }

    [Fact]
    public void HistoryOutsideTheCatalogueIsRejected()
    {
        using var model = new SasRec(10, new SasRecOptions { HiddenSize = 8, InnerSize = 8 });
        var error = Assert.Throws<ArgumentException>(() => new SequentialRecommender(model).TopK([[1, 11]], 3));
        Assert.Contains("11", error.Message, StringComparison.Ordinal);
    }
}
