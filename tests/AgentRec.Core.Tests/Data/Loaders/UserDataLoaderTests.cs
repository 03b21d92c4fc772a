using AgentRec.Core.Catalog;
using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class UserDataLoaderTests
{
    private const string ItemsCsv =
        "id,title,description,attributes,year,price\n" +
        "b1,\"Dune\",\"Sand, spice and \"\"worms\"\"\",genre:sci-fi|Classic| ,1965,9.99\n" +
        "b2,Emma,\"Line one\nline two\",,,\n" +
        "b3,,,,,\n";

    [Fact]
    public async Task Items_csv_reads_quotes_attributes_year_and_extra_columns()
    {
        using var temp = new TempFolder();
        var (catalog, report) = await UserDataLoader.LoadItemsAsync(temp.Write("items.csv", ItemsCsv));
        Assert.Equal(3, catalog.Count);
        Assert.Equal(3, report.RowsRead);

        CatalogItem dune = catalog.GetItem("b1");
        Assert.Equal("Dune", dune.Title);
        Assert.Equal("Sand, spice and \"worms\"", dune.Description);
        Assert.Equal(["genre:sci-fi", "Classic"], dune.Attributes);
        Assert.Equal(1965, dune.Year);
        Assert.Equal("9.99", dune.Metadata["price"]);

        Assert.Equal("Line one\nline two", catalog.GetItem("b2").Description);
        Assert.Empty(catalog.GetItem("b2").Attributes);
        Assert.Null(catalog.GetItem("b3").Title);
        Assert.Equal(3, catalog.GetIndex("b3"));
    }

    [Fact]
    public async Task Items_jsonl_reads_objects_and_metadata()
    {
        using var temp = new TempFolder();
        string path = temp.Write("items.jsonl",
            """
            {"id": "m1", "title": "Alien", "description": "Space horror.", "attributes": ["genre:horror", "genre:horror"], "year": 1979, "metadata": {"imdb": "tt0078748", "runtime": 117}}
            
            {"id": 2, "title": null, "studio": "Fox"}
            """);
        var (catalog, _) = await UserDataLoader.LoadItemsAsync(path);
        CatalogItem alien = catalog.GetItem("m1");
        Assert.Equal(["genre:horror"], alien.Attributes);
        Assert.Equal(1979, alien.Year);
        Assert.Equal("tt0078748", alien.Metadata["imdb"]);
        Assert.Equal("117", alien.Metadata["runtime"]);
        CatalogItem second = catalog.GetItem("2");
        Assert.Null(second.Title);
        Assert.Equal("Fox", second.Metadata["studio"]);
    }

    [Fact]
    public async Task Item_errors_name_file_line_field_and_value()
    {
        using var temp = new TempFolder();
        string csv = temp.Write("items.csv", "id,title,year\na,A,2000\nb,B,soon\na,again,\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => UserDataLoader.LoadItemsAsync(csv));
        Assert.Equal("items.csv line 3: field 'year' = 'soon' is not an integer", error.Message);

        var (catalog, report) = await UserDataLoader.LoadItemsAsync(csv, new LoadOptions { SkipInvalidRows = true });
        Assert.Equal(["a"], catalog.Select(i => i.Id));
        Assert.Equal(2, report.RowsSkipped);
        Assert.Equal("items.csv line 4: field 'id' = 'a' repeats the item of line 2", report.SkipReasons[1]);

        string jsonl = temp.Write("items.jsonl", "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"attributes\": \"x|y\"}\n");
        var jsonError = await Assert.ThrowsAsync<DataFormatException>(() => UserDataLoader.LoadItemsAsync(jsonl));
        Assert.Equal("items.jsonl line 2: field 'attributes' = '\"x|y\"' is not an array of strings", jsonError.Message);
    }

    [Fact]
    public async Task Header_without_title_is_rejected()
    {
        using var temp = new TempFolder();
        var error = await Assert.ThrowsAsync<DataFormatException>(() => UserDataLoader.LoadItemsAsync(temp.Write("items.csv", "id,name2\n1,x\n")));
        Assert.Equal("header", error.Field);
        Assert.Contains("lacks the column 'title'", error.Message);
    }

    [Fact]
    public async Task Interactions_become_time_ordered_sequences()
    {
        using var temp = new TempFolder();
        string items = temp.Write("items.csv", ItemsCsv);
        string interactions = temp.Write("log.csv",
            "user,item,timestamp,rating\n" +
            "alice,b2,2024-03-02T10:00:00Z,4\n" +
            "bob,b1,1700000000,\n" +
            "alice,b1,2024-03-01T09:00:00Z,5\n" +
            "alice,b3,2024-03-02T10:00:00Z,3.5\n");
        var (dataset, report) = await UserDataLoader.LoadSequenceDatasetAsync("mine", items, interactions);
        Assert.Equal("mine", dataset.Name);
        Assert.Equal(["alice", "bob"], dataset.Sequences.Select(s => s.UserId));
        // b1 is earliest; b2 and b3 share a time and keep file order.
        Assert.Equal([1, 2, 3], dataset.Sequences[0].Items);
        Assert.Equal([1], dataset.Sequences[1].Items);
        Assert.Equal(3 + 4, report.RowsRead);

        var (log, _) = await UserDataLoader.LoadInteractionsAsync(interactions, dataset.Catalog);
        Assert.Equal(3.5, log[3].Rating);
        Assert.Null(log[1].Rating);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), log[1].Timestamp);
    }

    [Fact]
    public async Task Without_timestamps_file_order_is_the_sequence()
    {
        using var temp = new TempFolder();
        var catalog = (await UserDataLoader.LoadItemsAsync(temp.Write("items.csv", ItemsCsv))).Value;
        using var stream = new MemoryStream("user_id,item_id\nu,b3\nu,b1\n"u8.ToArray());
        var (log, _) = await UserDataLoader.ReadInteractionsCsvAsync(stream, "upload.csv", catalog);
        Assert.Equal(["b3", "b1"], log.Select(i => i.ItemId));
        Assert.All(log, i => Assert.Null(i.Timestamp));
    }

    [Fact]
    public async Task Unknown_item_is_an_error_naming_the_line()
    {
        using var temp = new TempFolder();
        string items = temp.Write("items.csv", ItemsCsv);
        string interactions = temp.Write("log.csv", "user,item,timestamp\nu,b1,1\nu,zz,2\nu,b2,later\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => UserDataLoader.LoadSequenceDatasetAsync("x", items, interactions));
        Assert.Equal("log.csv line 3: field 'item' = 'zz' is not an item of the catalog", error.Message);
        Assert.Equal(3, error.LineNumber);

        var (dataset, report) = await UserDataLoader.LoadSequenceDatasetAsync("x", items, interactions, new LoadOptions { SkipInvalidRows = true });
        Assert.Equal(1, dataset.InteractionCount);
        Assert.Equal(2, report.RowsSkipped);
        Assert.Equal("log.csv line 4: field 'timestamp' = 'later' is neither Unix seconds nor an ISO 8601 date-time", report.SkipReasons[1]);
    }

    [Fact]
    public async Task Wrong_extension_is_rejected()
    {
        using var temp = new TempFolder();
        await Assert.ThrowsAsync<ArgumentException>(() => UserDataLoader.LoadItemsAsync(temp.Write("items.txt", "id,title\n")));
    }
}
