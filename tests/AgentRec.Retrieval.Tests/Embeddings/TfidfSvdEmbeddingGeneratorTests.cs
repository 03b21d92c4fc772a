using System.Numerics.Tensors;
using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.Tests.VectorStores;
using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class TfidfSvdEmbeddingGeneratorTests
{
    [SharedDataFact]
    public async Task EmbeddingsOfTheCorpusAreUnitLength()
    {
        SequenceDataset movies = await RealCorpora.MovieLens();
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();

        GeneratedEmbeddings<Embedding<float>> embeddings = await model.GenerateAsync(RealCorpora.MovieLensTexts(movies));

        Assert.Equal(1682, embeddings.Count);
        Assert.Equal(1682, model.DocumentCount);
        Assert.All(embeddings, e => Assert.Equal(64, e.Vector.Length));
        Assert.All(embeddings, e => Assert.Equal(model.ModelId, e.ModelId));
        Assert.All(embeddings, e => Assert.InRange(TensorPrimitives.Norm(e.Vector.Span), 0.9999f, 1.0001f));
        Assert.Equal(64, model.SingularValues.Count);
        Assert.True(model.SingularValues.Zip(model.SingularValues.Skip(1)).All(p => p.First >= p.Second), "singular values descend");
        Assert.True(model.SingularValues[^1] > 0, "a 1,682-document corpus supports 64 components");
        Assert.StartsWith("tfidf-svd-64d-", model.ModelId, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task FitIsDeterministicForASeedAndThreadCount()
    {
        string[] texts = RealCorpora.MovieLensTexts(await RealCorpora.MovieLens());
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();

        TfidfSvdEmbeddingGenerator again = TfidfSvdEmbeddingGenerator.Fit(texts, RealCorpora.MovieLensOptions with { Parallelism = 1 });
        TfidfSvdEmbeddingGenerator otherSeed = TfidfSvdEmbeddingGenerator.Fit(texts, RealCorpora.MovieLensOptions with { Seed = 8 });

        Assert.Equal(model.ModelId, again.ModelId);
        foreach (string text in texts.Take(200))
        {
            Assert.Equal(model.Embed(text), again.Embed(text));
        }

        Assert.NotEqual(model.ModelId, otherSeed.ModelId);
    }

    [SharedDataFact]
    public async Task SameGenreMoviesAreCloserThanRandomPairs()
    {
        SequenceDataset movies = await RealCorpora.MovieLens();
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        float[][] vectors = [.. RealCorpora.MovieLensTexts(movies).Select(model.Embed)];
        IReadOnlyList<CatalogItem> items = movies.Catalog.Items;

        var random = new Random(11);
        double shared = 0, disjoint = 0;
        int sharedPairs = 0, disjointPairs = 0;
        for (int trial = 0; trial < 20_000; trial++)
        {
            int a = random.Next(items.Count), b = random.Next(items.Count);
            if (a == b)
            {
                continue;
            }

            double cosine = TensorPrimitives.Dot<float>(vectors[a], vectors[b]);
            if (items[a].Attributes.Intersect(items[b].Attributes).Any())
            {
                shared += cosine;
                sharedPairs++;
            }
            else
            {
                disjoint += cosine;
                disjointPairs++;
            }
        }

        Assert.True(sharedPairs > 1000 && disjointPairs > 1000);
        Assert.True(shared / sharedPairs > (disjoint / disjointPairs) + 0.1, $"same genre {shared / sharedPairs:F3}, no shared genre {disjoint / disjointPairs:F3}");
    }

    [SharedDataFact]
    public async Task StarWarsFilmsAreEachOthersNeighboursInRedial()
    {
        // A quarter of ReDial's movies (plot, genres, cast, director) plus every Star Wars title: about 1,650 texts.
        ItemCatalog redial = await RealCorpora.Redial();
        CatalogItem[] slice = [.. redial.Items.Where((item, i) => i % 4 == 0 || item.Title!.Contains("Star Wars", StringComparison.Ordinal))];
        string[] texts = [.. slice.Select(ItemTextBuilder.Default.Build)];
        TfidfSvdEmbeddingGenerator model = TfidfSvdEmbeddingGenerator.Fit(texts, new TfidfSvdOptions { Dimensions = 64 });
        float[][] vectors = [.. texts.Select(model.Embed)];

        int Index(string title) => Array.FindIndex(slice, i => i.Title == title);
        int clones = Index("Star Wars: Episode II – Attack of the Clones (2002)");
        int[] prequels = [Index("Star Wars: Episode I – The Phantom Menace (1999)"), Index("Star Wars: Episode III – Revenge of the Sith (2005)")];
        Assert.True(clones >= 0 && prequels.All(p => p >= 0), "the Star Wars prequels are in ReDial's catalog");

        int[] nearest = [.. Enumerable.Range(0, vectors.Length)
            .Where(i => i != clones)
            .OrderByDescending(i => TensorPrimitives.Dot<float>(vectors[clones], vectors[i]))
            .Take(5)];
        Assert.Contains(prequels[0], nearest);
        Assert.Contains(prequels[1], nearest);
    }

    [SharedDataFact]
    public async Task SaveAndLoadGiveTheSameModel()
    {
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        using var folder = new TempDirectory();
        string path = folder.File("models/movielens.tfidf");

        model.Save(path);
        TfidfSvdEmbeddingGenerator loaded = TfidfSvdEmbeddingGenerator.Load(path);

        Assert.Equal(model.ModelId, loaded.ModelId);
        Assert.Equal(model.VocabularySize, loaded.VocabularySize);
        Assert.Equal(model.SingularValues, loaded.SingularValues);
        Assert.Equal(model.Dimensions, loaded.Dimensions);
        foreach (string text in new[] { "Star Wars (1977). Genres: Action, Sci-Fi.", "a heist comedy set in Paris", "Toy Story (1995)" })
        {
            Assert.Equal(model.Embed(text), loaded.Embed(text));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [SharedDataFact]
    public async Task UnseenTextIsProjectedAndUnknownWordsGiveZero()
    {
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();

        float[] unseen = model.Embed("An animated comedy for children");
        float[] unknown = model.Embed("zzzq qqxw");

        Assert.InRange(TensorPrimitives.Norm<float>(unseen), 0.9999f, 1.0001f);
        Assert.All(unknown, v => Assert.Equal(0f, v));
    }

    [SharedDataFact]
    public async Task ShorterEmbeddingsArePrefixesRenormalised()
    {
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        const string Text = "Star Trek: First Contact (1996). Genres: Action, Adventure, Sci-Fi.";

        GeneratedEmbeddings<Embedding<float>> shorter = await model.GenerateAsync([Text], new EmbeddingGenerationOptions { Dimensions = 16 });
        float[] full = model.Embed(Text);
        float[] prefix = full[..16];
        TensorPrimitives.Divide(prefix, TensorPrimitives.Norm<float>(prefix), prefix);

        Assert.Equal(prefix, shorter[0].Vector.ToArray());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.GenerateAsync([Text], new EmbeddingGenerationOptions { Dimensions = 65 }));
        await Assert.ThrowsAsync<ArgumentException>(() => model.GenerateAsync([Text], new EmbeddingGenerationOptions { ModelId = "other" }));
    }

    [Fact]
    public void FitRejectsCorporaWithoutSharedTerms()
    {
        Assert.Throws<ArgumentException>(() => TfidfSvdEmbeddingGenerator.Fit([]));
        var error = Assert.Throws<ArgumentException>(() => TfidfSvdEmbeddingGenerator.Fit(["alpha beta", "gamma delta", "epsilon zeta"]));
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TfidfSvdEmbeddingGenerator.Fit(["alpha", null!]));
    }

    [Fact]
    public void ASmallCorpusGivesFewerComponentsThanAskedAndZeroPadding()
    {
        string[] corpus = ["red apple pie", "green apple tart", "red cherry pie", "green pear tart", "plum cake", "plum jam"];

        TfidfSvdEmbeddingGenerator model = TfidfSvdEmbeddingGenerator.Fit(corpus, new TfidfSvdOptions { Dimensions = 32, StopWords = null });

        Assert.True(model.SingularValues.Count(v => v > 0) <= corpus.Length);
        Assert.Equal(0f, model.SingularValues[^1]);
        float[] pie = model.Embed("red apple pie");
        float[] tart = model.Embed("green apple tart");
        float[] plum = model.Embed("plum cake");
        Assert.True(TensorPrimitives.Dot<float>(pie, tart) > TensorPrimitives.Dot<float>(pie, plum));
    }
}
