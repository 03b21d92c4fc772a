using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.Tests.VectorStores;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class CachedEmbeddingGeneratorTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task EmbedsEachDistinctTextOnceAndServesRepeatsFromTheCache()
    {
        var inner = new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features);
        using var cached = new CachedEmbeddingGenerator(inner, _folder.File("cache.db"));

        GeneratedEmbeddings<Embedding<float>> first = await cached.GenerateAsync(["Toy Story", "Heat", "Toy Story"]);

        Assert.Equal([["Toy Story", "Heat"]], inner.Calls);
        Assert.Equal(0, cached.Hits);
        Assert.Equal(3, cached.Misses);
        Assert.Equal(CountingEmbeddingGenerator.Features("Toy Story"), first[0].Vector.ToArray());
        Assert.Equal(CountingEmbeddingGenerator.Features("Heat"), first[1].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), first[2].Vector.ToArray());

        GeneratedEmbeddings<Embedding<float>> second = await cached.GenerateAsync(["Heat", "Toy Story", "Casino"]);

        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(["Casino"], inner.Calls[1]);
        Assert.Equal(2, cached.Hits);
        Assert.Equal(4, cached.Misses);
        Assert.Equal(CountingEmbeddingGenerator.Features("Heat"), second[0].Vector.ToArray());
        Assert.Equal(CountingEmbeddingGenerator.Features("Casino"), second[2].Vector.ToArray());
        Assert.Equal(3, await cached.CountAsync());
    }

    [Fact]
    public async Task TheCacheOutlivesTheInstance()
    {
        string path = _folder.File("nested/cache.db");
        var inner = new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features);
        using (var cached = new CachedEmbeddingGenerator(inner, path))
        {
            await cached.GenerateAsync(["Fargo", "Alien"]);
        }

        var fresh = new CountingEmbeddingGenerator(_ => throw new InvalidOperationException("everything should be cached"));
        using var reopened = new CachedEmbeddingGenerator(fresh, path);
        GeneratedEmbeddings<Embedding<float>> again = await reopened.GenerateAsync(["Alien", "Fargo"]);

        Assert.Empty(fresh.Calls);
        Assert.Equal(2, reopened.Hits);
        Assert.Equal(CountingEmbeddingGenerator.Features("Alien"), again[0].Vector.ToArray());
    }

    [Fact]
    public async Task ModelsAndWidthsDoNotShareEntries()
    {
        string path = _folder.File("cache.db");
        var inner = new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features);
        using (var a = new CachedEmbeddingGenerator(inner, path, modelId: "model-a"))
        {
            await a.GenerateAsync(["Fargo"]);
            await a.GenerateAsync(["Fargo"], new EmbeddingGenerationOptions { Dimensions = 2 });
            Assert.Equal(2, a.Misses);
        }

        using var b = new CachedEmbeddingGenerator(inner, path, modelId: "model-b");
        await b.GenerateAsync(["Fargo"]);

        Assert.Equal(1, b.Misses);
        Assert.Equal(3, inner.Calls.Count);
        Assert.Equal(3, await b.CountAsync());
    }

    [SharedDataFact]
    public async Task CachesTfidfEmbeddingsUnderTheModelFingerprint()
    {
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        using var cached = new CachedEmbeddingGenerator(model, _folder.File("cache.db"));
        string[] texts = [.. RealCorpora.MovieLensTexts(await RealCorpora.MovieLens()).Take(50)];

        GeneratedEmbeddings<Embedding<float>> first = await cached.GenerateAsync(texts);
        GeneratedEmbeddings<Embedding<float>> second = await cached.GenerateAsync(texts);

        Assert.Equal(model.ModelId, cached.ModelId);
        Assert.Equal(50, cached.Hits);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(model.Embed(texts[i]), second[i].Vector.ToArray());
            Assert.Equal(first[i].Vector.ToArray(), second[i].Vector.ToArray());
        }
    }

    [Fact]
    public void NeedsAModelIdAndADatabase()
    {
        var anonymous = new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features, modelId: null);
        Assert.Throws<ArgumentException>(() => new CachedEmbeddingGenerator(anonymous, _folder.File("cache.db")));

        string notSqlite = _folder.File("notes.txt");
        File.WriteAllText(notSqlite, new string('x', 4096));
        var error = Assert.Throws<InvalidDataException>(() => new CachedEmbeddingGenerator(new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features), notSqlite));
        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);
    }
}
