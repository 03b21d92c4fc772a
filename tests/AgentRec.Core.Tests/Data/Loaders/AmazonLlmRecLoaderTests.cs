using AgentRec.Core.Catalog;
using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.NextItem;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class AmazonLlmRecLoaderTests
{
    [SharedDataFact]
    public async Task Industrial_counts_and_first_test_row()
    {
        var (dataset, report) = await DatasetRegistry.LoadNextItemDatasetAsync("amazon-industrial", SharedData.RequireRoot());
        Assert.Equal("amazon-industrial", dataset.Name);
        Assert.Equal(3_686, dataset.Catalog.Count);
        Assert.Equal(4_532, dataset.Valid.Count);
        Assert.Equal(4_533, dataset.Test.Count);
        Assert.Equal(3_686 + 4_532 + 4_533, report.RowsRead);
        Assert.Equal(0, report.RowsSkipped);

        NextItemExample first = dataset.Test[0];
        Assert.Equal("A6948", first.UserId);
        Assert.Equal(["3466", "2697", "3557", "2660", "2507", "2152", "3453", "1888", "2544", "3669"], first.HistoryItemIds);
        Assert.Equal("3D Solutech Real Red 3D Printer PLA Filament 1.75MM, Dimensional Accuracy +/- 0.03 mm, 2.2 LBS (1.0KG) - RA-I00I-DQUY", first.HistoryTitles[0]);
        Assert.Equal("3681", first.TargetItemId);
        Assert.Equal("3D Solutech Real Orange 1.75mm ABS 3D Printer Filament 2.2 LBS (1.0KG)", first.TargetTitle);
        Assert.Equal(first.TargetTitle, dataset.Catalog.GetItem("3681").Title);
    }

    [SharedDataFact]
    public async Task Industrial_items_have_descriptions_brands_and_semantic_ids()
    {
        var (dataset, _) = await DatasetRegistry.LoadNextItemDatasetAsync("amazon-industrial", SharedData.RequireRoot());
        CatalogItem first = dataset.Catalog.ItemAt(1);
        Assert.Equal("0", first.Id);
        Assert.Equal("SUPCO SPP6 Relay/Capacitor Hard Start Kit with 500% Increase Starting Torque", first.Title);
        Assert.StartsWith("Relay/CAPACITOR hard start kit 500% incr starting torque", first.Description);
        Assert.Equal(["brand:Sealed Unit Parts Co., Inc."], first.Attributes);
        Assert.Equal("<a_236><b_231><c_226>", first.Metadata[AmazonLlmRecLoader.SemanticIdKey]);

        // Item 1's description literal holds two paragraphs.
        Assert.Equal(2, dataset.Catalog.GetItem("1").Description!.Split('\n').Length);

        // Item 51's description is not valid Python ("it's" unescaped): the lenient reading keeps the text.
        string hatchbox = dataset.Catalog.GetItem("51").Description!;
        Assert.StartsWith("Welcome to Hatchbox 3D Printer Filament Rack\nWe hope you enjoy", hatchbox);
        Assert.Contains("stainless steel for it's long lasting durability", hatchbox);
        Assert.DoesNotContain("['", hatchbox);
    }

    [SharedDataFact]
    public async Task Office_row_with_csv_and_python_escapes_decodes()
    {
        var (dataset, _) = await SharedDatasets.Office();
        Assert.Equal(3_459, dataset.Catalog.Count);
        Assert.Equal(4_866, dataset.Valid.Count);
        Assert.Equal(4_866, dataset.Test.Count);

        // test CSV line 15: CSV-doubled quotes around a Python list with \' escapes.
        NextItemExample row = dataset.Test[13];
        Assert.Equal("A2193", row.UserId);
        Assert.Equal(["3005", "3006", "2789", "38", "38", "198", "43", "818", "403"], row.HistoryItemIds);
        const string title = "E-Z Grader Grading Calculator Teacher's Aid Scoring Chart (Purple) - 8-1/2\" x 4-3/4";
        Assert.Equal(title, row.HistoryTitles[2]);
        Assert.Equal(title, dataset.Catalog.GetItem("2789").Title);
        Assert.Equal("<a_191><b_204><c_28>", dataset.Catalog.GetItem("2789").Metadata[AmazonLlmRecLoader.SemanticIdKey]);
    }

    private static string WriteItems(TempFolder temp) => temp.Write("items.json", """
        {
          "0": {"title": "Pen", "description": "['Blue ink', \"It's fine\"]", "brand": "Bic", "categories": ""},
          "1": {"title": "Paper", "description": "", "brand": "", "categories": "['Office', 'Paper']"}
        }
        """);

    [Fact]
    public async Task Fixture_rows_with_unknown_ids_or_mismatched_lists_are_errors()
    {
        using var temp = new TempFolder();
        string items = WriteItems(temp);
        string csv = temp.Write("test.csv",
            "user_id,history_item_title,item_title,history_item_id,item_id\n" +
            "u1,\"['Pen']\",Paper,[0],1\n" +
            "u2,\"['Pen', 'Paper']\",Pen,[0],0\n" +
            "u3,\"['Pen']\",Pen,[7],0\n" +
            "u4,\"['Pen']\",Pen,[0],9\n" +
            "u5,\"['Pen'\",Pen,[0],0\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => AmazonLlmRecLoader.LoadAsync("t", items, null, null, csv));
        Assert.Equal("test.csv line 3: field 'history_item_title' = '['Pen', 'Paper']' has 2 titles but history_item_id has 1 ids", error.Message);

        var catalog = (await AmazonLlmRecLoader.LoadCatalogAsync(items)).Value;
        var (examples, report) = await AmazonLlmRecLoader.LoadExamplesAsync(csv, catalog, new LoadOptions { SkipInvalidRows = true });
        NextItemExample kept = Assert.Single(examples);
        Assert.Equal("u1", kept.UserId);
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(4, report.RowsSkipped);
        Assert.Equal("test.csv line 4: field 'history_item_id' = '[7]' names item 7, which is not in the catalog", report.SkipReasons[1]);
        Assert.Equal("test.csv line 5: field 'item_id' = '9' is not the id of a catalog item", report.SkipReasons[2]);
        Assert.StartsWith("test.csv line 6: field 'history_item_title' = '['Pen'' is not a Python list literal", report.SkipReasons[3]);
    }

    [Fact]
    public async Task Fixture_catalog_parses_descriptions_and_categories()
    {
        using var temp = new TempFolder();
        var (catalog, _) = await AmazonLlmRecLoader.LoadCatalogAsync(WriteItems(temp));
        Assert.Equal("Blue ink\nIt's fine", catalog.GetItem("0").Description);
        Assert.Equal(["brand:Bic"], catalog.GetItem("0").Attributes);
        Assert.Null(catalog.GetItem("1").Description);
        Assert.Equal(["category:Office", "category:Paper"], catalog.GetItem("1").Attributes);
    }

    [Fact]
    public async Task Missing_header_column_is_named()
    {
        using var temp = new TempFolder();
        string items = WriteItems(temp);
        string csv = temp.Write("valid.csv", "user_id,item_title,history_item_id,item_id\nu,Pen,[0],0\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => AmazonLlmRecLoader.LoadAsync("t", items, null, csv, null));
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("lacks the column 'history_item_title'", error.Message);
    }
}
