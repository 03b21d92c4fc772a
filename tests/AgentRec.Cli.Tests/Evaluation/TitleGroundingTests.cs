using AgentRec.Cli.Evaluation;
using AgentRec.Cli.Tests.TestSupport;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.NextItem;
using AgentRec.Evaluation.Ranking;

namespace AgentRec.Cli.Tests.Evaluation;

/// <summary>Generated titles grounded in a catalog and ranked in full.</summary>
public sealed class TitleGroundingTests
{
    /// <summary>Item 1 "Red Widget", item 2 "Red Widget Deluxe", then 28 titles that share no word with them or each other.</summary>
    private static readonly ItemCatalog Catalog = new(
    [
        new CatalogItem("1", "Red Widget"),
        new CatalogItem("2", "Red Widget Deluxe"),
        .. Enumerable.Range(3, 28).Select(i => new CatalogItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Gadget{i} Model{i}")),
    ]);

    [Fact]
    public void RanksFollowTheGroundedGenerationAndTheMetricsAreTheirMeans()
    {
        var grounding = TitleGrounding.Fit(Catalog);
        NextItemExample Row(string target, params string[] history) => new("u", history, [.. history.Select(h => "h")], target, "t");
        var rows = new[]
        {
            Row("1", "5", "6"), // generates item 1's title: rank 1
            Row("1", "5", "6"), // generates item 2's title: item 2 first, item 1 (two of its three words) second
            Row("7", "5", "6"), // generates nothing: ties with every other candidate, ranks last of 30 - 2 = 28
        };
        string[] generations = ["Red Widget", " Red  Widget Deluxe\t", ""];

        Assert.Equal(1, RankingMetrics.Rank(grounding.Scores(generations[0]), [5, 6], 1));
        Assert.Equal(2, RankingMetrics.Rank(grounding.Scores(generations[1]), [5, 6], 1));
        Assert.Equal(28, RankingMetrics.Rank(grounding.Scores(generations[2]), [5, 6], 7));

        var result = grounding.Evaluate(rows, generations);
        var report = result.Ranking;
        Assert.Equal(2.0 / 3, result.ExactTitleShare, 12);
        Assert.Equal(TitleGrounding.Cutoffs, report.Cutoffs);
        Assert.Equal(1.0 / 3, report[RankingMetric.HitRate, 1], 12);
        Assert.Equal(2.0 / 3, report[RankingMetric.HitRate, 5], 12);
        Assert.Equal(2.0 / 3, report[RankingMetric.HitRate, 20], 12);
        Assert.Equal(1.0 / 3, report[RankingMetric.Ndcg, 1], 12);
        Assert.Equal((1 + (1 / Math.Log2(3))) / 3, report[RankingMetric.Ndcg, 10], 12); // 0.5436
        Assert.Equal((1 + 2 + 28) / 3.0, report.MeanRank, 12);
        Assert.Equal([1, 2, 28], result.Ranks);
    }

    [Fact]
    public void AHistoryItemIsNeverACandidateEvenWhenItIsTheGeneration()
    {
        var grounding = TitleGrounding.Fit(Catalog);
        // Item 2 is generated but already in the history: item 1 is the best remaining candidate.
        Assert.Equal(1, RankingMetrics.Rank(grounding.Scores("Red Widget Deluxe"), [2], 1));
        var error = Assert.Throws<ArgumentException>(() => grounding.Evaluate([new NextItemExample("u", ["99"], ["x"], "1", "t")], ["Red Widget"]));
        Assert.Contains("'99'", error.Message);
        Assert.Throws<ArgumentException>(() => grounding.Evaluate([], ["Red Widget"]));
    }

    [SharedDataFact]
    public async Task EveryMovieLensTitleGroundsToItsItemAndATitleWithoutItsYearStillFindsIt()
    {
        var catalog = (await DatasetRegistry.LoadCatalogAsync("ml-100k", SharedDataFactAttribute.DataRoot)).Value;
        var grounding = TitleGrounding.Fit(catalog);
        var titleCounts = catalog.Items.Where(i => i.Title is not null).CountBy(i => i.Title!).ToDictionary();
        foreach (var item in catalog.Items.Where(i => i.Title is not null && titleCounts[i.Title!] == 1))
        {
            Assert.Equal(1, RankingMetrics.Rank(grounding.Scores(item.Title!), [], catalog.GetIndex(item.Id)));
            Assert.True(grounding.IsCatalogTitle(item.Title!));
        }

        // Not exact titles: the embedding alone has to find them.
        Assert.False(grounding.IsCatalogTitle("Toy Story"));
        Assert.Equal(1, RankingMetrics.Rank(grounding.Scores("Toy Story"), [], catalog.GetIndex("1")));
        Assert.Equal(1, RankingMetrics.Rank(grounding.Scores("Aristocats"), [], catalog.GetIndex("102")));
    }
}
