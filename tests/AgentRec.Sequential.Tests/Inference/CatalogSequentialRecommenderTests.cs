using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Inference;

public sealed class CatalogSequentialRecommenderTests
{
    [SharedDataFact]
    public async Task SpeaksCatalogIdsAndMatchesTheIndexRanking()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        ItemCatalog catalog = split.Dataset.Catalog;
        manual_seed(11);
        using var model = new SasRec(split.Dataset.ItemCount, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        var byIndex = new SequentialRecommender(model);
        var byId = new CatalogSequentialRecommender(model, catalog);

        IReadOnlyList<int> history = split.Test[3].History;
        string[] historyIds = [.. history.Select(i => catalog.ItemAt(i).Id)];
        RankedItems expected = byIndex.TopK([history], 12)[0];

        var top = byId.Recommend(historyIds, 8);
        Assert.Equal(expected.Items.Take(8).Select(i => catalog.ItemAt(i).Id), top.Select(t => t.Item.Id));
        Assert.Equal(expected.Scores.Take(8), top.Select(t => t.Score));

        // Excluded ids are dropped and the list is still full, continuing down the same ranking.
        var shown = new HashSet<string>(top.Take(3).Select(t => t.Item.Id), StringComparer.Ordinal);
        var next = byId.Recommend(historyIds, 8, shown);
        Assert.Equal(8, next.Count);
        Assert.DoesNotContain(next, t => shown.Contains(t.Item.Id));
        Assert.DoesNotContain(next, t => historyIds.Contains(t.Item.Id));
        Assert.Equal(expected.Items.Skip(3).Take(8).Select(i => catalog.ItemAt(i).Id), next.Select(t => t.Item.Id));

        // Ids the catalog does not know are ignored; with none known there is nothing to condition on.
        Assert.Equal(top.Select(t => t.Item.Id), byId.Recommend([.. historyIds, "not-an-item"], 8).Select(t => t.Item.Id));
        Assert.Empty(byId.Recommend(["not-an-item"], 5));
    }

    [SharedDataFact]
    public async Task RefusesACatalogOfAnotherSize()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var model = new SasRec(split.Dataset.ItemCount + 1, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        var error = Assert.Throws<ArgumentException>(() => new CatalogSequentialRecommender(model, split.Dataset.Catalog));
        Assert.Contains("trained on", error.Message);
    }
}

public sealed class RepresentByLengthTests
{
    [SharedDataFact]
    public async Task GroupedEncodingEqualsOneWidePassInTheCallersOrder()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(3);
        using var model = new SasRec(split.Dataset.ItemCount, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        model.eval();
        using var noGrad = no_grad();

        // Mixed lengths (1 to 50+) in an unsorted order, plus an empty sequence (a missing neighbour: its
        // value depends on the width and is masked out by the caller, but it must not shift the other rows).
        IReadOnlyList<IReadOnlyList<int>> sequences = [.. split.Test.Take(40).Select(e => e.History), []];
        Assert.True(sequences.Max(s => s.Count) > 3 * sequences.Min(s => s.Count) + 3);
        float[] wide = model.Encoder.Represent(AgentRec.Sequential.Training.SequenceTensors.LeftPad(sequences, model.Backbone.MaxLength)).data<float>().ToArray();
        float[] grouped = model.Encoder.RepresentByLength(sequences, groupSize: 7).data<float>().ToArray();

        Assert.Equal(wide.Length, grouped.Length);
        int real = 40 * model.Backbone.HiddenSize;
        for (int i = 0; i < real; i++)
        {
            Assert.True(Math.Abs(wide[i] - grouped[i]) < 1e-4, $"value {i}: {wide[i]} vs {grouped[i]}");
        }
    }
}
