using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class ItemEmbeddingIndexerTests
{
    [SharedDataFact]
    public async Task IndexesTheCatalogWithFilterablePayloads()
    {
        SequenceDataset movies = await RealCorpora.MovieLens();
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        await using var index = new ExactVectorIndex("movies", model.Dimensions, VectorMetric.Cosine);
        var progress = new List<ItemIndexingProgress>();

        ItemIndexingResult result = await new ItemEmbeddingIndexer(model)
            .IndexAsync(movies.Catalog, index, new ItemIndexingOptions { BatchSize = 500 }, new SynchronousProgress<ItemIndexingProgress>(progress.Add));

        Assert.Equal(1682, result.Indexed + result.SkippedItemIds.Count);
        Assert.Equal(result.Indexed, await index.CountAsync());
        Assert.Equal([500, 1000, 1500, 1682], progress.Select(p => p.Done));
        Assert.All(progress, p => Assert.Equal(1682, p.Total));

        VectorRecord toyStory = (await index.GetAsync(["1"])).Single();
        Assert.Equal(1L, toyStory.Payload![ItemEmbeddingIndexer.IndexField]);
        Assert.Equal("Toy Story (1995)", toyStory.Payload[ItemEmbeddingIndexer.TitleField]);
        Assert.Equal(1995L, toyStory.Payload[ItemEmbeddingIndexer.YearField]);
        Assert.Contains("Animation", (string[])toyStory.Payload["genre"]!);

        // Filters on attribute payloads work: an animation-only search returns animation only.
        IReadOnlyList<VectorMatch> animated = await index.SearchAsync(model.Embed("a family adventure"), 20, new FieldInFilter("genre", ["Animation"]));
        Assert.NotEmpty(animated);
        Assert.All(animated, m => Assert.Contains("Animation", (string[])m.Payload!["genre"]!));

        // The nearest item to an item's own text is the item itself.
        IReadOnlyList<VectorMatch> self = await index.SearchAsync(model.Embed(ItemTextBuilder.Default.Build(movies.Catalog.ItemAt(222))), 1);
        Assert.Equal("222", self[0].Id);
    }

    [Fact]
    public async Task ItemsThatEmbedToZeroAreSkippedAndReported()
    {
        var catalog = new ItemCatalog([new CatalogItem("a", "Alpha"), new CatalogItem("b", "Beta"), new CatalogItem("c", "Gamma")]);
        var generator = new CountingEmbeddingGenerator(text => text.StartsWith("Beta", StringComparison.Ordinal) ? [0f, 0f, 0f] : CountingEmbeddingGenerator.Features(text));
        await using var index = new ExactVectorIndex("items", 3, VectorMetric.Cosine);

        ItemIndexingResult result = await new ItemEmbeddingIndexer(generator).IndexAsync(catalog, index, new ItemIndexingOptions { BatchSize = 2 });

        Assert.Equal(2, result.Indexed);
        Assert.Equal(["b"], result.SkippedItemIds);
        Assert.Equal([["Alpha.", "Beta."], ["Gamma."]], generator.Calls);
        Assert.Equal(3L, (await index.GetAsync(["c"])).Single().Payload![ItemEmbeddingIndexer.IndexField]);
    }

    [Fact]
    public async Task RefusesVectorsOfTheWrongWidth()
    {
        var catalog = new ItemCatalog([new CatalogItem("a", "Alpha")]);
        await using var index = new ExactVectorIndex("items", 8, VectorMetric.Cosine);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ItemEmbeddingIndexer(new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features)).IndexAsync(catalog, index));

        Assert.Contains("'a' embedded to 3 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadGroupsAttributesByKind()
    {
        var item = new CatalogItem("x", "Heat (1995)")
        {
            Attributes = ["genre:Crime", "genre:Thriller", "director:Michael Mann", "attr:17", "Noir", "genre:Crime"],
            Year = 1995,
        };

        IReadOnlyDictionary<string, object?> payload = ItemEmbeddingIndexer.Payload(item, 7);

        Assert.Equal(7L, payload["index"]);
        Assert.Equal(["Crime", "Thriller"], (string[])payload["genre"]!);
        Assert.Equal(["Michael Mann"], (string[])payload["director"]!);
        Assert.Equal(["17"], (string[])payload["attr"]!);
        Assert.Equal(["Noir"], (string[])payload["tag"]!);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
