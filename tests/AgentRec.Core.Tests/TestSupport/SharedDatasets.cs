using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Interactions;
using AgentRec.Core.NextItem;

namespace AgentRec.Core.Tests.TestSupport;

/// <summary>Loads each real dataset once per test run; tests only read them.</summary>
internal static class SharedDatasets
{
    private static readonly Lazy<Task<LoadResult<SequenceDataset>>> LazyBeauty = new(() => S3RecSequenceLoader.LoadAsync(
        "beauty",
        SharedData.Path("amazon-beauty", "Beauty.txt"),
        SharedData.Path("amazon-beauty", "Beauty_item2attributes.json"),
        SharedData.Path("amazon-beauty", "datamaps.json")));

    private static readonly Lazy<Task<LoadResult<SequenceDataset>>> LazyMovieLens = new(() => MovieLensLoader.LoadAsync(SharedData.Path("ml-100k")));

    private static readonly Lazy<Task<LoadResult<DialogueDataset>>> LazyRedial = new(() => RedialLoader.LoadAsync(
        SharedData.Path("redial", RedialLoader.DialoguesFile), SharedData.Path("redial", RedialLoader.CatalogFile)));

    private static readonly Lazy<Task<LoadResult<DialogueDataset>>> LazyOpenDialKG = new(() => OpenDialKGLoader.LoadAsync(
        SharedData.Path("opendialkg", OpenDialKGLoader.DialoguesFile), SharedData.Path("opendialkg", OpenDialKGLoader.CatalogFile)));

    private static readonly Lazy<Task<LoadResult<NextItemDataset>>> LazyOffice = new(() => DatasetRegistry.LoadNextItemDatasetAsync("amazon-office", SharedData.RequireRoot()));

    public static Task<LoadResult<SequenceDataset>> Beauty() => LazyBeauty.Value;

    public static Task<LoadResult<SequenceDataset>> MovieLens() => LazyMovieLens.Value;

    public static Task<LoadResult<DialogueDataset>> Redial() => LazyRedial.Value;

    public static Task<LoadResult<DialogueDataset>> OpenDialKG() => LazyOpenDialKG.Value;

    public static Task<LoadResult<NextItemDataset>> Office() => LazyOffice.Value;
}
