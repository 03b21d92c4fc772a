using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Retrieval.Tests.Embeddings;

/// <summary>Real catalogs and the TF-IDF SVD models fitted on them, loaded once per test run; tests only read them.</summary>
internal static class RealCorpora
{
    /// <summary>Small enough to fit in well under a second, wide enough for neighbours to be meaningful.</summary>
    public static readonly TfidfSvdOptions MovieLensOptions = new() { Dimensions = 64, Seed = 7 };

    private static readonly Lazy<Task<SequenceDataset>> LazyMovieLens = new(async () =>
        (await MovieLensLoader.LoadAsync(Path.Combine(SharedData.RequireRoot(), "ml-100k"))).Value);

    private static readonly Lazy<Task<TfidfSvdEmbeddingGenerator>> LazyMovieLensModel = new(async () =>
        TfidfSvdEmbeddingGenerator.Fit(MovieLensTexts(await MovieLens()), MovieLensOptions));

    private static readonly Lazy<Task<ItemCatalog>> LazyRedial = new(async () =>
        (await DatasetRegistry.LoadCatalogAsync("redial", SharedData.RequireRoot())).Value);

    /// <summary>MovieLens 100K: 943 users, 1,682 movies with titles, years and genres.</summary>
    public static Task<SequenceDataset> MovieLens() => LazyMovieLens.Value;

    /// <summary>A model fitted on the MovieLens item texts (title, year, genres) with <see cref="MovieLensOptions"/>.</summary>
    public static Task<TfidfSvdEmbeddingGenerator> MovieLensModel() => LazyMovieLensModel.Value;

    /// <summary>ReDial's 6,583 movies with plots, genres, cast and directors.</summary>
    public static Task<ItemCatalog> Redial() => LazyRedial.Value;

    public static string[] MovieLensTexts(SequenceDataset dataset) => [.. dataset.Catalog.Items.Select(ItemTextBuilder.Default.Build)];
}
