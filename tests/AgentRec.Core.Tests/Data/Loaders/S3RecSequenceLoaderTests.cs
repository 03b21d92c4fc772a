using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Interactions;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class S3RecSequenceLoaderTests
{
    private static Task<LoadResult<SequenceDataset>> LoadBeauty() => SharedDatasets.Beauty();

    [SharedDataFact]
    public async Task Beauty_counts_match_the_readme()
    {
        var (dataset, report) = await LoadBeauty();
        Assert.Equal(22_363, dataset.UserCount);
        Assert.Equal(12_101, dataset.ItemCount);
        Assert.Equal(198_502, dataset.InteractionCount);
        Assert.Equal(22_363 + 12_101, report.RowsRead); // sequence lines + attribute entries
        Assert.Equal(0, report.RowsSkipped);
    }

    [SharedDataFact]
    public async Task Beauty_keeps_file_ids_as_indices_and_asins_as_ids()
    {
        var (dataset, _) = await LoadBeauty();
        UserSequence first = dataset.Sequences[0];
        Assert.Equal("1", first.UserId);
        Assert.Equal([1, 2, 3, 4, 5], first.Items);
        Assert.Equal("22363", dataset.Sequences[^1].UserId);
        Assert.Equal([6466, 9744, 3025, 10607, 10487], dataset.Sequences[^1].Items);

        // datamaps id2item: "1" -> B004756YJA, "12101" -> B00IC8JBIE; index = the file's item id.
        Assert.Equal("B004756YJA", dataset.Catalog.ItemAt(1).Id);
        Assert.Equal("B00IC8JBIE", dataset.Catalog.ItemAt(12_101).Id);
        Assert.Equal(1, dataset.Catalog.GetIndex("B004756YJA"));
        Assert.Equal("1", dataset.Catalog.ItemAt(1).Metadata[S3RecSequenceLoader.SequenceIdKey]);
        Assert.Null(dataset.Catalog.ItemAt(1).Title);

        // item2attributes: "1": [173, 1, 162, 171], "4": [1, 2, 3]
        Assert.Equal(["attr:173", "attr:1", "attr:162", "attr:171"], dataset.Catalog.ItemAt(1).Attributes);
        Assert.Equal(["attr:1", "attr:2", "attr:3"], dataset.Catalog.ItemAt(4).Attributes);

        Assert.Equal("A1YJEY40YUW4SE", dataset.Users["1"].Attributes[S3RecSequenceLoader.ExternalUserIdKey]);
        Assert.Equal("A2CG5Y82ZZNY6W", dataset.Users["22363"].Attributes[S3RecSequenceLoader.ExternalUserIdKey]);
    }

    [SharedDataFact]
    public async Task Beauty_popularity_counts_occurrences_per_index()
    {
        var (dataset, _) = await LoadBeauty();
        int[] popularity = dataset.ItemPopularity();
        Assert.Equal(12_102, popularity.Length);
        Assert.Equal(0, popularity[0]);
        Assert.Equal(431, popularity[301]);
        Assert.Equal(403, popularity[775]);
        Assert.Equal(198_502, popularity.Sum());
        Assert.Equal(5, popularity.Skip(1).Min());
    }

    [SharedDataFact]
    public async Task Beauty_ten_core_matches_an_independent_count()
    {
        var (dataset, _) = await LoadBeauty();
        SequenceDataset core = dataset.FilterByMinimumInteractions(10);
        Assert.Equal(1_340, core.UserCount);
        Assert.Equal(733, core.ItemCount);
        Assert.Equal(28_798, core.InteractionCount);
        Assert.Equal(12_101, dataset.ItemCount); // the original is untouched

        // Each kept user's items, read back as ids, are a subsequence of their original ids.
        foreach (UserSequence kept in core.Sequences)
        {
            Assert.True(dataset.TryGetSequence(kept.UserId, out UserSequence? original));
            List<string> originalIds = [.. original.Items.Select(i => dataset.Catalog.ItemAt(i).Id)];
            int position = 0;
            foreach (string id in kept.Items.Select(i => core.Catalog.ItemAt(i).Id))
            {
                position = originalIds.IndexOf(id, position) + 1;
                Assert.True(position > 0, $"user {kept.UserId}: {id} out of order");
            }
        }
    }

    [SharedDataFact]
    public async Task Toys_without_datamaps_uses_numeric_ids()
    {
        var (dataset, _) = await S3RecSequenceLoader.LoadAsync(
            "toys",
            SharedData.Path("amazon-toys", "Toys_and_Games.txt"),
            SharedData.Path("amazon-toys", "Toys_and_Games_item2attributes.json"));
        Assert.Equal(19_412, dataset.UserCount);
        Assert.Equal(11_924, dataset.ItemCount);
        Assert.Equal(167_597, dataset.InteractionCount);
        Assert.Equal([4, 5, 6, 7, 8], dataset.Sequences[1].Items);
        Assert.Equal("4", dataset.Catalog.ItemAt(4).Id);
        Assert.Equal(["attr:1", "attr:2", "attr:3", "attr:4", "attr:5"], dataset.Catalog.ItemAt(4).Attributes);
        Assert.Empty(dataset.Users);
    }

    [SharedDataFact]
    public async Task Yelp_counts_and_business_ids()
    {
        var (dataset, _) = await S3RecSequenceLoader.LoadAsync(
            "yelp",
            SharedData.Path("yelp", "Yelp.txt"),
            SharedData.Path("yelp", "Yelp_item2attributes.json"),
            SharedData.Path("yelp", "datamaps.json"));
        Assert.Equal(30_431, dataset.UserCount);
        Assert.Equal(20_033, dataset.ItemCount);
        Assert.Equal(316_354, dataset.InteractionCount);
        Assert.Equal("5eV8oUGdBXylwB7HeaDFOA", dataset.Catalog.ItemAt(1).Id);
        Assert.Equal("dCGwJBuJFmUfl4HmCgpd7A", dataset.Catalog.ItemAt(20_033).Id);
        // Yelp.txt line 1 starts "1 1 2 3 4 3 5": repeats stay in the sequence.
        Assert.Equal([1, 2, 3, 4, 3, 5], dataset.Sequences[0].Items.Take(6));
    }

    [Fact]
    public async Task Bad_item_token_names_file_line_and_field()
    {
        using var temp = new TempFolder();
        string path = temp.Write("seq.txt", "1 1 2 3\n2 4 x5 6\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => S3RecSequenceLoader.LoadAsync("t", path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("item 2", error.Field);
        Assert.Equal("x5", error.Value);
        Assert.Equal("seq.txt line 2: field 'item 2' = 'x5' is not a positive integer", error.Message);
    }

    [Fact]
    public async Task Skipping_bad_rows_reports_them()
    {
        using var temp = new TempFolder();
        string path = temp.Write("seq.txt", "1 1 2 3\n2 4 x5 6\n3\n1 7\n4 2 1\n");
        var (dataset, report) = await S3RecSequenceLoader.LoadAsync("t", path, options: new LoadOptions { SkipInvalidRows = true });
        Assert.Equal(["1", "4"], dataset.Sequences.Select(s => s.UserId));
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(3, report.RowsSkipped);
        Assert.Equal(3, report.SkipReasons.Count);
        Assert.Equal("seq.txt line 2: field 'item 2' = 'x5' is not a positive integer", report.SkipReasons[0]);
        Assert.Equal("seq.txt line 3: field 'user' = '3' has no items", report.SkipReasons[1]);
        Assert.Equal("seq.txt line 4: field 'user' = '1' repeats the user of line 1", report.SkipReasons[2]);
        Assert.Equal(3, dataset.ItemCount); // ids 1..3 still used
    }

    [Fact]
    public async Task Attribute_only_ids_keep_their_slot_and_bad_attribute_json_is_located()
    {
        using var temp = new TempFolder();
        string sequences = temp.Write("seq.txt", "1 1 2\n");
        string attributes = temp.Write("attrs.json", "{\"1\": [7], \"4\": [8, 8]}");
        var (dataset, _) = await S3RecSequenceLoader.LoadAsync("t", sequences, attributes);
        Assert.Equal(4, dataset.ItemCount);
        Assert.Equal(["attr:8"], dataset.Catalog.ItemAt(4).Attributes);
        Assert.Empty(dataset.Catalog.ItemAt(3).Attributes);

        string broken = temp.Write("broken.json", "{\"1\": [7],\n \"2\": [\"a\"]}");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => S3RecSequenceLoader.LoadAsync("t", sequences, broken));
        Assert.Equal("2", error.Field);
        Assert.Equal("\"a\"", error.Value);
    }

    [Fact]
    public async Task Datamaps_missing_an_item_is_an_error()
    {
        using var temp = new TempFolder();
        string sequences = temp.Write("seq.txt", "1 1 2\n");
        string maps = temp.Write("datamaps.json", "{\"id2item\": {\"1\": \"A\"}, \"id2user\": {}}");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => S3RecSequenceLoader.LoadAsync("t", sequences, datamapsPath: maps));
        Assert.Equal("id2item", error.Field);
        Assert.Contains("no entry for item 2", error.Message);
    }

    [Fact]
    public async Task Missing_file_is_reported_by_path()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => S3RecSequenceLoader.LoadAsync("t", "/nonexistent/seq.txt"));
        Assert.Contains("/nonexistent/seq.txt", error.Message);
    }
}
