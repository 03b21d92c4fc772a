using AgentRec.Core.Data.Loaders;
using AgentRec.Finetune.Recommendation;
using AgentRec.Finetune.Tests.TestSupport;

namespace AgentRec.Finetune.Tests.Recommendation;

/// <summary>Next-title rows from the real MovieLens 100k and Amazon Industrial files.</summary>
public sealed class NextTitleSplitsTests
{
    [SharedDataFact]
    public async Task MovieLensTestsOnTheLastItemAndTrainsOnTheLastTrainingPositions()
    {
        var data = (await DatasetRegistry.LoadSequenceDatasetAsync("ml-100k", SharedDataFactAttribute.DataRoot)).Value;
        var split = NextTitleSplits.FromSequences(data);

        // User 1 by timestamp (ties in file order) ends …, 189, 242, 171, 111, 256, 5, 74, 102: 102 is the test
        // target, 74 the valid one, and the last five training targets are 242, 171, 111, 256, 5.
        var test = Assert.Single(split.Test, r => r.UserId == "1");
        Assert.Equal("102", test.TargetItemId);
        Assert.Equal("Aristocats, The (1970)", test.TargetTitle);
        Assert.Equal(10, test.HistoryItemIds.Count);
        Assert.Equal(["189", "242", "171", "111", "256", "5", "74"], test.HistoryItemIds.TakeLast(7));
        Assert.Equal("Faster Pussycat! Kill! Kill! (1965)", test.HistoryTitles[^1]);

        var train = split.Train.Where(r => r.UserId == "1").ToList();
        Assert.Equal(["242", "171", "111", "256", "5"], train.Select(r => r.TargetItemId));
        Assert.Equal("Copycat (1995)", train[^1].TargetTitle);
        Assert.Equal(["189", "242", "171", "111", "256"], train[^1].HistoryItemIds.TakeLast(5));
        Assert.Equal(train[^2].HistoryItemIds.Skip(1).Append("256"), train[^1].HistoryItemIds);

        // Every user: one test row on the last item; training rows only from before the valid item.
        Assert.Equal(data.UserCount, split.Test.Count);
        var byUser = split.Train.ToLookup(r => r.UserId);
        foreach (var sequence in data.Sequences)
        {
            string[] ids = [.. sequence.Items.Select(i => data.Catalog.ItemAt(i).Id)];
            int n = ids.Length;
            var rows = byUser[sequence.UserId].ToList();
            Assert.Equal(Math.Min(5, n - 3), rows.Count);
            for (int k = 0; k < rows.Count; k++)
            {
                int target = n - 2 - rows.Count + k;
                Assert.Equal(ids[target], rows[k].TargetItemId);
                Assert.Equal(ids[Math.Max(0, target - 10)..target], rows[k].HistoryItemIds);
                Assert.DoesNotContain(ids[n - 1], rows[k].HistoryItemIds.Append(rows[k].TargetItemId));
                Assert.DoesNotContain(ids[n - 2], rows[k].HistoryItemIds.Append(rows[k].TargetItemId));
                Assert.Equal(rows[k].HistoryItemIds.Select(id => NextTitleSplits.TitleOf(data.Catalog.GetItem(id))), rows[k].HistoryTitles);
            }
        }
    }

    [SharedDataFact]
    public async Task IndustrialTrainsOnTheValidRowsAndTestsOnTheTestRowsAsTheCsvStatesThem()
    {
        var data = (await DatasetRegistry.LoadNextItemDatasetAsync("amazon-industrial", SharedDataFactAttribute.DataRoot)).Value;
        var split = NextTitleSplits.FromNextItem(data);
        Assert.Equal(4532, split.Train.Count);
        Assert.Equal(4533, split.Test.Count);
        Assert.Equal(3686, split.Catalog.Count);

        // The first row of test/Industrial_and_Scientific_5_2016-10-2018-11.csv.
        var first = split.Test[0];
        Assert.Equal("A6948", first.UserId);
        Assert.Equal("3681", first.TargetItemId);
        Assert.Equal("3D Solutech Real Orange 1.75mm ABS 3D Printer Filament 2.2 LBS (1.0KG)", first.TargetTitle);
        Assert.Equal(["3466", "2697", "3557", "2660", "2507", "2152", "3453", "1888", "2544", "3669"], first.HistoryItemIds);
        Assert.Equal("3D Solutech Real Red 3D Printer PLA Filament 1.75MM, Dimensional Accuracy +/- 0.03 mm, 2.2 LBS (1.0KG) - RA-I00I-DQUY", first.HistoryTitles[0]);
        Assert.Equal("HATCHBOX PETG 3D Printer Filament, Dimensional Accuracy +/- 0.03 mm, 1 kg Spool, 1.75 mm, Blue", first.HistoryTitles[^1]);
        Assert.Same(data.Valid[0], split.Train[0]);

        var shorter = NextTitleSplits.FromNextItem(data, new NextTitleSplitOptions { HistoryLength = 3 });
        Assert.Equal(["2544", "3669"], shorter.Test[0].HistoryItemIds.TakeLast(2));
        Assert.All(shorter.Test.Concat(shorter.Train), r => Assert.InRange(r.HistoryTitles.Count, 1, 3));
        Assert.Equal(first.HistoryTitles.TakeLast(3), shorter.Test[0].HistoryTitles);
    }

    [SharedDataFact]
    public async Task DatasetsWithoutTitlesAreRefused()
    {
        var data = (await DatasetRegistry.LoadSequenceDatasetAsync("ml-100k", SharedDataFactAttribute.DataRoot)).Value;
        var untitled = new AgentRec.Core.Interactions.SequenceDataset(
            "untitled", new AgentRec.Core.Catalog.ItemCatalog(data.Catalog.Items.Select(i => i with { Title = null })), data.Sequences);
        var error = Assert.Throws<ArgumentException>(() => NextTitleSplits.FromSequences(untitled));
        Assert.Contains("'untitled' has no item titles", error.Message);
        Assert.Throws<ArgumentException>(() => NextTitleSplits.FromSequences(data, new NextTitleSplitOptions { TargetsPerUser = 0 }));
    }
}
