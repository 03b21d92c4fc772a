using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>The VectorData suite over SQLite store files (HNSW kind), plus what only a durable backend can show.</summary>
public sealed class EmbeddedVectorDataTests : VectorDataConformanceTests
{
    protected override IVectorIndexBackend CreateBackend() => new EmbeddedIndexBackend(Temp.File("stores"));

    [Fact]
    public async Task Collections_SurviveANewStoreOverTheSameFolder()
    {
        string folder = Temp.File("durable");
        await using (var first = new AgentRecVectorStore(new EmbeddedIndexBackend(folder)))
        {
            var products = first.GetCollection<string, Product>("products");
            await products.EnsureCollectionExistsAsync();
            await products.UpsertAsync(ProductData.Create());
            await products.DeleteAsync("p10");
        }

        await using var second = new AgentRecVectorStore(new EmbeddedIndexBackend(folder));
        var reopened = second.GetCollection<string, Product>("products");

        Assert.Equal(["products"], await second.ListCollectionNamesAsync().ToListAsync());
        Assert.Equal(ProductData.Count - 1, await reopened.CountAsync());
        Assert.Null(await reopened.GetAsync("p10"));
        Assert.Equal("Title 11", (await reopened.GetAsync("p11"))!.Title);
        Assert.True(File.Exists(Path.Combine(folder, "products" + EmbeddedIndexBackend.FileSuffix)));
    }

    [Fact]
    public async Task IndexKind_FromTheRecordDefinition_PicksTheStoredIndex()
    {
        // Rating asks for IndexKind.Flat, so its store holds an exact index whatever the backend's default.
        var ratings = Store.GetCollection<long, Rating>("ratings");
        await ratings.EnsureCollectionExistsAsync();

        var products = await ProductsAsync();

        Assert.Equal(EmbeddedIndexKind.Exact, Assert.IsType<EmbeddedVectorStore>(await Store.Backend.OpenAsync("ratings")).IndexKind);
        Assert.Equal(EmbeddedIndexKind.Hnsw, Assert.IsType<EmbeddedVectorStore>(await Store.Backend.OpenAsync(products.Name)).IndexKind);
    }

    [Fact]
    public void CollectionNames_MustBeFileNames()
    {
        var error = Assert.Throws<ArgumentException>(() => ((EmbeddedIndexBackend)Store.Backend).PathOf("../escape"));
        Assert.Contains("../escape", error.Message);
        _ = Store.GetCollection<string, Product>("fine-name_1.v2");
    }

    [Fact]
    public async Task ListCollectionNames_ReadsTheFolder()
    {
        await Store.GetCollection<string, Product>("b-products").EnsureCollectionExistsAsync();
        await Store.GetCollection<long, Rating>("a-ratings").EnsureCollectionExistsAsync();
        File.WriteAllText(Path.Combine(((EmbeddedIndexBackend)Store.Backend).Directory, "notes.txt"), "not a store");

        Assert.Equal(["a-ratings", "b-products"], await Store.ListCollectionNamesAsync().ToListAsync());
        await Assert.ThrowsAsync<VectorStoreException>(() => Store.GetCollection<string, Product>("absent").CountAsync());
    }
}
