using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class DatasetRegistryTests
{
    [Fact]
    public void Names_are_the_eight_known_datasets()
    {
        Assert.Equal(
            ["beauty", "toys", "yelp", "ml-100k", "redial", "opendialkg", "amazon-industrial", "amazon-office"],
            DatasetRegistry.DatasetNames);
        Assert.Equal(DatasetKind.Dialogues, DatasetRegistry.Describe("ReDial").Kind);
        Assert.Equal("amazon-beauty", DatasetRegistry.Describe("beauty").Folder);
    }

    [Fact]
    public void Unknown_name_lists_known_names()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetRegistry.Describe("netflix"));
        Assert.Contains("Unknown dataset 'netflix'", error.Message);
        Assert.Contains("beauty, toys, yelp, ml-100k, redial, opendialkg, amazon-industrial, amazon-office", error.Message);
    }

    [Fact]
    public async Task Wrong_kind_names_the_fitting_datasets()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DatasetRegistry.LoadSequenceDatasetAsync("redial", "/tmp"));
        Assert.Contains("holds Dialogues, not Sequences", error.Message);
        Assert.Contains("beauty, toys, yelp, ml-100k", error.Message);
    }

    [Fact]
    public async Task Missing_folder_and_files_are_explained()
    {
        using var temp = new TempFolder();
        var folderError = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DatasetRegistry.LoadSequenceDatasetAsync("beauty", temp.Path));
        Assert.Contains("amazon-beauty", folderError.Message);
        Assert.Contains("Beauty.txt, Beauty_item2attributes.json (optional: datamaps.json)", folderError.Message);

        temp.Write("amazon-beauty/Beauty.txt", "1 1\n");
        var fileError = await Assert.ThrowsAsync<FileNotFoundException>(() => DatasetRegistry.LoadSequenceDatasetAsync("beauty", temp.Path));
        Assert.EndsWith("missing: Beauty_item2attributes.json.", fileError.Message);
        Assert.EndsWith("Beauty_item2attributes.json", fileError.FileName);
    }

    [Fact]
    public async Task Optional_files_may_be_absent()
    {
        using var temp = new TempFolder();
        temp.Write("amazon-beauty/Beauty.txt", "1 1 2\n");
        temp.Write("amazon-beauty/Beauty_item2attributes.json", "{\"1\": [5]}");
        var (dataset, _) = await DatasetRegistry.LoadSequenceDatasetAsync("beauty", temp.Path);
        Assert.Equal("1", dataset.Catalog.ItemAt(1).Id); // no datamaps: numeric ids
        Assert.Equal(["attr:5"], dataset.Catalog.ItemAt(1).Attributes);
    }

    [SharedDataFact]
    public async Task Every_dataset_loads_from_the_shared_root()
    {
        string root = SharedData.RequireRoot();
        Assert.Equal(12_101, (await DatasetRegistry.LoadCatalogAsync("beauty", root)).Value.Count);
        Assert.Equal(11_924, (await DatasetRegistry.LoadCatalogAsync("toys", root)).Value.Count);
        Assert.Equal(20_033, (await DatasetRegistry.LoadCatalogAsync("yelp", root)).Value.Count);
        Assert.Equal(1_682, (await DatasetRegistry.LoadCatalogAsync("ml-100k", root)).Value.Count);
        Assert.Equal(6_583, (await DatasetRegistry.LoadCatalogAsync("redial", root)).Value.Count);
        Assert.Equal(3_672, (await DatasetRegistry.LoadCatalogAsync("opendialkg", root)).Value.Count);
        Assert.Equal(3_686, (await DatasetRegistry.LoadCatalogAsync("amazon-industrial", root)).Value.Count);
        Assert.Equal(3_459, (await DatasetRegistry.LoadCatalogAsync("amazon-office", root)).Value.Count);
        Assert.Equal(1_113, (await DatasetRegistry.LoadDialogueDatasetAsync("opendialkg", root)).Value.Dialogues.Count);
        Assert.Equal(943, (await DatasetRegistry.LoadSequenceDatasetAsync("ml-100k", root)).Value.UserCount);
    }
}
