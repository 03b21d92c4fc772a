using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AgentRec.Retrieval.Tests.VectorStores;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>
/// What every backend must do behind the VectorData API: a subclass says how to make its <see cref="IVectorIndexBackend"/>,
/// and the suite checks results against brute force and against LINQ-to-objects over the same records.
/// </summary>
public abstract class VectorDataConformanceTests : IAsyncLifetime
{
    private const double Tolerance = 1e-4;

    private AgentRecVectorStore? store;

    protected TempDirectory Temp { get; } = new();

    protected FakeEmbeddingGenerator Generator { get; } = new();

    protected AgentRecVectorStore Store
        => store ??= new AgentRecVectorStore(CreateBackend(), new AgentRecVectorStoreOptions { EmbeddingGenerator = Generator });

    public static TheoryData<string> DistanceFunctions =>
    [
        DistanceFunction.CosineSimilarity,
        DistanceFunction.CosineDistance,
        DistanceFunction.DotProductSimilarity,
        DistanceFunction.NegativeDotProductSimilarity,
        DistanceFunction.EuclideanDistance,
        DistanceFunction.EuclideanSquaredDistance,
    ];

    /// <summary>Each supported operator alone and combined; captured variables are inlined like constants.</summary>
    private static Dictionary<string, Expression<Func<Product, bool>>> Filters { get; } = BuildFilters();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Temp.Dispose();
    }

    protected abstract IVectorIndexBackend CreateBackend();

    [Fact]
    public async Task Get_RoundTripsEveryProperty_WithAndWithoutVectors()
    {
        // Dot product stores vectors as given (cosine would normalise them), so they must come back exactly.
        var products = await ProductsAsync(DistanceFunction.DotProductSimilarity);
        var expected = ProductData.Create();

        foreach (var original in expected.Where((_, i) => i % 7 == 0))
        {
            var withVector = await products.GetAsync(original.Id, new RecordRetrievalOptions { IncludeVectors = true });
            var withoutVector = await products.GetAsync(original.Id);

            Assert.NotNull(withVector);
            Assert.NotNull(withoutVector);
            AssertSameData(original, withVector);
            AssertSameData(original, withoutVector);
            Assert.Equal(original.Embedding.ToArray(), withVector.Embedding.ToArray());
            Assert.True(withoutVector.Embedding.IsEmpty);
        }

        Assert.Null(await products.GetAsync("no-such-id"));
    }

    [Fact]
    public async Task Get_StoresDataUnderTheStorageName()
    {
        var products = await ProductsAsync();
        var index = await Store.Backend.OpenAsync(products.Name);

        var stored = Assert.Single(await index!.GetAsync(["p01"]));

        Assert.Equal("Title 1", stored.Payload!["title"]);
        Assert.False(stored.Payload.ContainsKey(nameof(Product.Title)));
        Assert.IsType<long>(stored.Payload[nameof(Product.Year)]);
        Assert.False(Assert.Single(await index.GetAsync(["p00"])).Payload!.ContainsKey("title")); // null titles are left out
    }

    [Fact]
    public async Task GetMany_ReturnsFoundKeysInTheOrderAsked()
    {
        var products = await ProductsAsync();

        var found = await products.GetAsync(["p07", "missing", "p02", "p30"]).ToListAsync();

        Assert.Equal(["p07", "p02", "p30"], found.Select(p => p.Id));
        Assert.All(found, p => Assert.True(p.Embedding.IsEmpty));
    }

    [Theory]
    [MemberData(nameof(DistanceFunctions))]
    public async Task Search_MatchesBruteForce_ForEveryDistanceFunction(string distanceFunction)
    {
        var products = await ProductsAsync(distanceFunction, $"search-{distanceFunction}");
        var all = ProductData.Create();

        foreach (float[] query in ReferenceSearch.RandomVectors(5, Product.Dimensions, seed: 21))
        {
            var expected = ProductData.Ranked(all, distanceFunction, query);

            var top = await products.SearchAsync(query, 10).ToListAsync();
            var page = await products.SearchAsync(query, 5, new VectorSearchOptions<Product> { Skip = 3 }).ToListAsync();

            Assert.Equal(expected.Take(10).Select(e => e.Id), top.Select(r => r.Record.Id));
            Assert.All(expected.Zip(top), pair => Assert.Equal(pair.First.Score, pair.Second.Score!.Value, Tolerance));
            Assert.Equal(expected.Skip(3).Take(5).Select(e => e.Id), page.Select(r => r.Record.Id));
        }
    }

    [Fact]
    public async Task Search_WithEachFilter_MatchesLinqOverTheSameRecords()
    {
        // One collection serves every filter (a store file per filter would make the SQLite run slow).
        var products = await ProductsAsync();
        var all = ProductData.Create();
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 31)[0];

        foreach (var (name, filter) in Filters)
        {
            var keep = filter.Compile();
            string[] expected = ProductData.Ranked(all, DistanceFunction.CosineSimilarity, query, keep).Select(e => e.Id).ToArray();

            var hits = await products.SearchAsync(query, 100, new VectorSearchOptions<Product> { Filter = filter }).ToListAsync();
            string[] actual = hits.Select(h => h.Record.Id).ToArray();

            Assert.True(expected.SequenceEqual(actual), $"filter '{name}': expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            Assert.True(expected.Length == await products.CountAsync(filter), $"filter '{name}': count differs from {expected.Length}");
        }
    }

    [Fact]
    public async Task Search_Filters_AreNotAllTrivial()
    {
        // Guards the filter theory above: each filter must keep some records and drop others (bar the empty-list case).
        var products = ProductData.Create();
        foreach (var (name, filter) in Filters.Where(f => f.Key != "contains-empty-list"))
        {
            int kept = products.Count(filter.Compile());
            Assert.True(kept > 0 && kept < products.Count, $"filter '{name}' keeps {kept} of {products.Count}");
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Search_UnsupportedFilter_ThrowsNotSupportedNamingTheExpression()
    {
        var products = await ProductsAsync();
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 32)[0];

        async Task<string> Fails(Expression<Func<Product, bool>> filter)
        {
            var error = await Assert.ThrowsAsync<NotSupportedException>(
                () => products.SearchAsync(query, 3, new VectorSearchOptions<Product> { Filter = filter }).ToListAsync().AsTask());
            Assert.Contains(products.Name, error.Message);
            return error.Message;
        }

        Assert.Contains("StartsWith", await Fails(p => p.Category.StartsWith('b')));
        Assert.Contains("key", await Fails(p => p.Id == "p01"));
        Assert.Contains("null", await Fails(p => p.Title == null));
        Assert.Contains("Price", await Fails(p => (int)p.Price == 3));
        Assert.Contains("Year", await Fails(p => p.Year == p.Year + 1));
    }

    [Fact]
    public async Task Delete_RemovesOneRecordOrABatch()
    {
        var products = await ProductsAsync();

        await products.DeleteAsync("p03");
        await products.DeleteAsync(["p04", "p05", "never-there"]);

        Assert.Null(await products.GetAsync("p03"));
        Assert.Empty(await products.GetAsync(["p04", "p05"]).ToListAsync());
        Assert.Equal(ProductData.Count - 3, await products.CountAsync());
        var everything = await products.SearchAsync(ProductData.Create()[3].Embedding, 100).ToListAsync();
        Assert.Equal(ProductData.Count - 3, everything.Count);
        Assert.DoesNotContain(everything, hit => hit.Record.Id is "p03" or "p04" or "p05");
    }

    [Fact]
    public async Task Upsert_ReplacesTheStoredRecord()
    {
        var products = await ProductsAsync();
        var changed = ProductData.Create()[9];
        changed.Category = "games";
        changed.Tags = ["renamed"];
        changed.Title = null;

        await products.UpsertAsync(changed);

        var stored = await products.GetAsync(changed.Id);
        Assert.NotNull(stored);
        Assert.Equal("games", stored.Category);
        Assert.Equal(["renamed"], stored.Tags);
        Assert.Null(stored.Title);
        Assert.Equal(ProductData.Count, await products.CountAsync());
    }

    [Fact]
    public async Task Search_IncludeVectors_ReturnsTheStoredVectors()
    {
        var products = await ProductsAsync(DistanceFunction.EuclideanDistance);
        var byId = ProductData.Create().ToDictionary(p => p.Id);
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 41)[0];

        var with = await products.SearchAsync(query, 4, new VectorSearchOptions<Product> { IncludeVectors = true }).ToListAsync();
        var without = await products.SearchAsync(query, 4).ToListAsync();

        Assert.All(with, hit => Assert.Equal(byId[hit.Record.Id].Embedding.ToArray(), hit.Record.Embedding.ToArray()));
        Assert.All(without, hit => Assert.True(hit.Record.Embedding.IsEmpty));
        Assert.Equal(with.Select(h => h.Record.Id), without.Select(h => h.Record.Id));
    }

    [Fact]
    public async Task Search_WithScoreThreshold_KeepsOnlyGoodEnoughResults()
    {
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 51)[0];
        foreach (string distanceFunction in new[] { DistanceFunction.CosineSimilarity, DistanceFunction.EuclideanDistance })
        {
            var products = await ProductsAsync(distanceFunction, $"threshold-{distanceFunction}");
            var ranked = ProductData.Ranked(ProductData.Create(), distanceFunction, query);
            double threshold = (ranked[5].Score + ranked[6].Score) / 2;

            var hits = await products.SearchAsync(query, 20, new VectorSearchOptions<Product> { ScoreThreshold = threshold }).ToListAsync();

            Assert.Equal(ranked.Take(6).Select(r => r.Id), hits.Select(h => h.Record.Id));
        }
    }

    [Fact]
    public async Task Search_WithAString_EmbedsItWithTheGenerator()
    {
        string[] texts = ["red running shoes", "blue rain coat", "green garden hose", "red wool hat", "quiet mechanical keyboard"];
        var products = Store.GetCollection<string, Product>(CollectionName());
        await products.EnsureCollectionExistsAsync();
        await products.UpsertAsync(texts.Select((text, i) => new Product { Id = $"t{i}", Title = text, Embedding = FakeEmbeddingGenerator.Embed(text) }));
        int callsBefore = Generator.Calls;

        var hits = await products.SearchAsync("blue rain coat", 2).ToListAsync();

        Assert.Equal(callsBefore + 1, Generator.Calls);
        Assert.Equal("t1", hits[0].Record.Id);
        Assert.Equal(1.0, hits[0].Score!.Value, Tolerance);
        Assert.True(hits[1].Score < hits[0].Score);
    }

    [Fact]
    public async Task Search_WithInputTheCollectionCannotEmbed_Throws()
    {
        var products = await ProductsAsync();

        // The store's generator takes strings, so an int is input it cannot embed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => products.SearchAsync(42, 3).ToListAsync().AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => products.SearchAsync(new float[3], 3).ToListAsync().AsTask());
    }

    [Fact]
    public async Task Upsert_GeneratesEmbeddingsForTextVectors_InOneCall_AndAssignsGuidKeys()
    {
        var notes = Store.GetCollection<Guid, Note>(CollectionName());
        await notes.EnsureCollectionExistsAsync();
        var batch = new[] { "buy milk and eggs", "call the dentist", "book train tickets" }
            .Select(text => new Note { Text = text, Embedding = text })
            .ToList();
        int callsBefore = Generator.Calls;

        await notes.UpsertAsync(batch);

        Assert.Equal(callsBefore + 1, Generator.Calls);
        Assert.All(batch, note => Assert.NotEqual(Guid.Empty, note.Id));
        Assert.Equal(3, batch.Select(n => n.Id).Distinct().Count());
        var best = await notes.SearchAsync("call the dentist", 1).SingleAsync();
        Assert.Equal(batch[1].Id, best.Record.Id);
        Assert.Equal("call the dentist", best.Record.Text);
        Assert.Null(best.Record.Embedding); // the source text is not stored
        await Assert.ThrowsAsync<NotSupportedException>(() => notes.GetAsync(batch[0].Id, new RecordRetrievalOptions { IncludeVectors = true }));
    }

    [Fact]
    public async Task IntegerKeys_AndFloatArrayVectors_RoundTrip()
    {
        var ratings = Store.GetCollection<long, Rating>(CollectionName());
        await ratings.EnsureCollectionExistsAsync();
        await ratings.UpsertAsync(
        [
            new Rating { UserId = 7, Stars = 5, Taste = [1, 0, 0, 0] },
            new Rating { UserId = -3, Stars = 2, Taste = [0, 2, 0, 0] },
            new Rating { UserId = 9_000_000_000, Stars = 4, Taste = [0, 0, 0, 3] },
        ]);

        var found = await ratings.GetAsync(9_000_000_000, new RecordRetrievalOptions { IncludeVectors = true });
        var hits = await ratings.SearchAsync(new float[] { 0, 1, 0, 0 }, 3, new VectorSearchOptions<Rating> { Filter = r => r.Stars > 1 }).ToListAsync();

        Assert.NotNull(found);
        Assert.Equal(4, found.Stars);
        Assert.Equal([0f, 0f, 0f, 3f], found.Taste!);
        Assert.Equal([-3L, 7L, 9_000_000_000L], hits.Select(h => h.Record.UserId));
        Assert.Equal([1.0, 2.0, 10.0], hits.Select(h => h.Score!.Value), (a, b) => Math.Abs(a - b) < Tolerance); // squared Euclidean distances
        Assert.All(hits, hit => Assert.Null(hit.Record.Taste));
        Assert.Null((await ratings.GetAsync(7))!.Taste);
    }

    [Fact]
    public async Task DynamicCollection_UpsertsGetsAndFiltersDictionaries()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(string)),
                new VectorStoreDataProperty("Category", typeof(string)),
                new VectorStoreDataProperty("Year", typeof(int)),
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), Product.Dimensions) { DistanceFunction = DistanceFunction.DotProductSimilarity },
            ],
        };
        var collection = Store.GetDynamicCollection(CollectionName(), definition);
        await collection.EnsureCollectionExistsAsync();
        var products = ProductData.Create();
        await collection.UpsertAsync(products.Select(p => new Dictionary<string, object?>
        {
            ["Key"] = p.Id,
            ["Category"] = p.Category,
            ["Year"] = p.Year,
            ["Vector"] = p.Embedding,
        }));
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 61)[0];
        var expected = ProductData.Ranked(products, DistanceFunction.DotProductSimilarity, query, p => p.Category == "books" && p.Year > 2000);

        var one = await collection.GetAsync("p11");
        var hits = await collection.SearchAsync(query, 100, new VectorSearchOptions<Dictionary<string, object?>>
        {
            Filter = r => (string)r["Category"]! == "books" && (int)r["Year"]! > 2000,
        }).ToListAsync();

        Assert.NotNull(one);
        Assert.Equal(products[11].Category, one["Category"]);
        Assert.Equal(products[11].Year, one["Year"]);
        Assert.Equal("p11", one["Key"]);
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => (string)h.Record["Key"]!));
    }

    [Fact]
    public async Task Collections_AreCreatedListedAndDeleted()
    {
        string name = CollectionName();
        var products = Store.GetCollection<string, Product>(name);

        Assert.False(await products.CollectionExistsAsync());
        var missing = await Assert.ThrowsAsync<VectorStoreException>(() => products.UpsertAsync(ProductData.Create()));
        Assert.Equal(name, missing.CollectionName);

        await products.EnsureCollectionExistsAsync();
        await products.EnsureCollectionExistsAsync(); // idempotent
        await products.UpsertAsync(ProductData.Create());
        Assert.True(await products.CollectionExistsAsync());
        Assert.True(await Store.CollectionExistsAsync(name));
        Assert.Contains(name, await Store.ListCollectionNamesAsync().ToListAsync());

        await Store.EnsureCollectionDeletedAsync(name);
        Assert.False(await products.CollectionExistsAsync());
        Assert.DoesNotContain(name, await Store.ListCollectionNamesAsync().ToListAsync());
        await Assert.ThrowsAsync<VectorStoreException>(() => products.GetAsync("p01"));

        await products.EnsureCollectionExistsAsync();
        Assert.Equal(0, await products.CountAsync());
        await products.EnsureCollectionDeletedAsync();
        await products.EnsureCollectionDeletedAsync(); // deleting a missing collection is fine
        Assert.False(await Store.CollectionExistsAsync(name));
    }

    [Fact]
    public async Task EnsureCollectionExists_RejectsADifferentSchemaUnderTheSameName()
    {
        string name = CollectionName();
        await Store.GetCollection<string, Product>(name).EnsureCollectionExistsAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.GetCollection<long, Rating>(name).EnsureCollectionExistsAsync());
        Assert.Contains(name, error.Message);
        Assert.Contains("4-dimensional", error.Message);
        var metric = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.GetCollection<string, Product>(name, ProductData.WithDistance(DistanceFunction.EuclideanDistance)).CountAsync());
        Assert.Contains("Euclidean", metric.Message);
    }

    [Fact]
    public async Task SearchBatch_EqualsOneSearchPerQuery_AndEmbedsStringsInOneCall()
    {
        var products = await ProductsAsync();
        float[][] queries = ReferenceSearch.RandomVectors(4, Product.Dimensions, seed: 71);
        var options = new VectorSearchOptions<Product> { Filter = p => p.Year >= 2000, Skip = 1 };

        var batch = await products.SearchBatchAsync(queries, 5, options);

        Assert.Equal(queries.Length, batch.Count);
        for (int i = 0; i < queries.Length; i++)
        {
            var single = await products.SearchAsync(queries[i], 5, options).ToListAsync();
            Assert.Equal(single.Select(r => r.Record.Id), batch[i].Select(r => r.Record.Id));
            Assert.Equal(single.Select(r => r.Score), batch[i].Select(r => r.Score));
        }

        int callsBefore = Generator.Calls;
        var texts = await products.SearchBatchAsync(new[] { "alpha beta", "gamma" }, 3);
        Assert.Equal(callsBefore + 1, Generator.Calls);
        Assert.Equal(2, texts.Count);
        Assert.All(texts, list => Assert.Equal(3, list.Count));
    }

    [Fact]
    public async Task Snapshot_ThenRestore_BringsBackTheSnapshotState()
    {
        var products = await ProductsAsync();
        string snapshot = Temp.File("products.snapshot");
        await products.SnapshotAsync(snapshot);
        await products.DeleteAsync(["p01", "p02"]);
        await products.UpsertAsync(new Product { Id = "later", Category = "books", Embedding = ProductData.Create()[0].Embedding });

        await products.RestoreAsync(snapshot);

        Assert.Equal(ProductData.Count, await products.CountAsync());
        Assert.NotNull(await products.GetAsync("p01"));
        Assert.Null(await products.GetAsync("later"));
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 81)[0];
        var expected = ProductData.Ranked(ProductData.Create(), DistanceFunction.CosineSimilarity, query).Take(5);
        Assert.Equal(expected.Select(e => e.Id), (await products.SearchAsync(query, 5).ToListAsync()).Select(h => h.Record.Id));
    }

    [Fact]
    public async Task GetWithFilter_OrdersSkipsAndTakes()
    {
        var products = await ProductsAsync();
        var all = ProductData.Create();

        var ordered = await products.GetAsync(
            p => p.Category != "music",
            top: 6,
            new FilteredRecordRetrievalOptions<Product> { Skip = 2, OrderBy = o => o.Descending(p => p.Year).Ascending(p => p.Price) }).ToListAsync();
        var unordered = await products.GetAsync(p => p.InStock, top: 1000).ToListAsync();
        var few = await products.GetAsync(p => p.InStock, top: 3).ToListAsync();

        var expected = all.Where(p => p.Category != "music")
            .OrderByDescending(p => p.Year).ThenBy(p => p.Price).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Skip(2).Take(6);
        Assert.Equal(expected.Select(p => p.Id), ordered.Select(p => p.Id));
        Assert.Equal(all.Where(p => p.InStock).Select(p => p.Id).Order(), unordered.Select(p => p.Id).Order());
        Assert.Equal(3, few.Count);
        Assert.All(few, p => Assert.True(p.InStock));
    }

    [Fact]
    public void GetService_ServesMetadataAndBackend()
    {
        var products = Store.GetCollection<string, Product>(CollectionName());

        var metadata = Assert.IsType<VectorStoreCollectionMetadata>(products.GetService(typeof(VectorStoreCollectionMetadata)));
        Assert.Equal(products.Name, metadata.CollectionName);
        Assert.Equal(Store.Backend.SystemName, metadata.VectorStoreSystemName);
        Assert.Same(Store.Backend, products.GetService(typeof(IVectorIndexBackend)));
        Assert.Same(products, products.GetService(typeof(VectorStoreCollection<string, Product>)));
        Assert.Null(products.GetService(typeof(string)));
        Assert.Equal(Store.Backend.SystemName, Assert.IsType<VectorStoreMetadata>(Store.GetService(typeof(VectorStoreMetadata))).VectorStoreSystemName);
    }

    protected async Task<AgentRecVectorStoreCollection<string, Product>> ProductsAsync(string? distanceFunction = null, [CallerMemberName] string name = "")
    {
        var definition = distanceFunction is null ? null : ProductData.WithDistance(distanceFunction);
        var products = Store.GetCollection<string, Product>(CollectionName(name), definition);
        await products.EnsureCollectionExistsAsync();
        await products.UpsertAsync(ProductData.Create());
        return products;
    }

    protected static string CollectionName([CallerMemberName] string name = "") => name.Replace('_', '-').ToLowerInvariant();

    private static void AssertSameData(Product expected, Product actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.Year, actual.Year);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.Rating, actual.Rating);
        Assert.Equal(expected.InStock, actual.InStock);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Title, actual.Title);
    }

    private static Dictionary<string, Expression<Func<Product, bool>>> BuildFilters()
    {
        string wanted = "games";
        List<int> years = [1995, 2005, 2015];
        string[] none = [];
        return new()
        {
            ["equal-string"] = p => p.Category == "books",
            ["equal-captured"] = p => p.Category == wanted,
            ["equal-int"] = p => p.Year == 2005,
            ["equal-bool"] = p => p.InStock == false,
            ["equal-storage-name"] = p => p.Title == "Title 5" || p.Title == "Title 6",
            ["not-equal"] = p => p.Category != "books",
            ["less-than"] = p => p.Year < 2000,
            ["less-or-equal-double"] = p => p.Price <= 20.5,
            ["greater-than"] = p => p.Year > 2010,
            ["greater-or-equal-double"] = p => p.Price >= 30,
            ["greater-than-float"] = p => p.Rating > 2.5,
            ["constant-on-the-left"] = p => 2000 < p.Year,
            ["and"] = p => p.Category == "games" && p.Year >= 2000,
            ["or"] = p => p.Category == "music" || p.InStock,
            ["not"] = p => !(p.Category == "books"),
            ["bool-property"] = p => p.InStock,
            ["not-bool-property"] = p => !p.InStock,
            ["contains-on-tags"] = p => p.Tags.Contains("sale"),
            ["contains-in-constant-array"] = p => new[] { "books", "music" }.Contains(p.Category),
            ["contains-in-captured-list"] = p => years.Contains(p.Year),
            ["contains-empty-list"] = p => none.Contains(p.Category),
            ["nested"] = p => (p.Year < 1995 || p.Year > 2015) && !p.Tags.Contains("kids"),
        };
    }
}
