using AgentRec.Agents.Catalog;
using AgentRec.Core.Catalog;
using AgentRec.Llm.Gguf;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Agents.Tests;

/// <summary>A small real movie catalog (from the shipped default data), its lexical index, and a random-weight model.</summary>
internal static class AgentFixtures
{
    private static readonly Lazy<Task<ItemCatalog>> DefaultCatalog = new(async () =>
    {
        var cache = Path.Combine(Path.GetTempPath(), "agentrec-agents-tests-" + Environment.ProcessId);
        var data = await Defaults.DefaultDataset.LoadAsync(cache);
        return data.Value.Catalog;
    });

    private static readonly Lazy<string> Model = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"agentrec-agents-tests-{Environment.ProcessId}.gguf");
        RandomLlamaModelWriter.Write(path, new RandomLlamaModelOptions
        {
            Layers = 2, EmbeddingLength = 64, HeadCount = 4, HeadCountKv = 2, FeedForwardLength = 160,
            VocabularySize = 2048, ContextLength = 4096, Seed = 5,
        });
        return path;
    });

    public static Task<ItemCatalog> CatalogAsync() => DefaultCatalog.Value;

    public static string ModelPath => Model.Value;

    /// <summary>The first <paramref name="count"/> movies of the default catalog, indexed by title, genres and plot.</summary>
    public static async Task<EmbeddingCatalogSearch> SearchAsync(int count = 400)
    {
        var full = await CatalogAsync();
        var catalog = new ItemCatalog(full.Items.Take(count));
        var embedder = new HashingEmbedder();
        var index = new ExactVectorIndex("movies", embedder.Dimensions, VectorMetric.Cosine);
        var records = catalog.Items
            .Select(item => new VectorRecord(item.Id, embedder.Embed(ItemTextBuilder.Default.Build(item))))
            .ToList();
        await index.UpsertAsync(records);
        return new EmbeddingCatalogSearch(catalog, embedder, index);
    }
}
