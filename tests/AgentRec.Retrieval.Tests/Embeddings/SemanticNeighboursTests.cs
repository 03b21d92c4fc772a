using System.Numerics.Tensors;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class SemanticNeighboursTests
{
    private static readonly int[] StarTrek = [222, 227, 228, 229, 230, 380, 449, 450];

    [SharedDataFact]
    public async Task ItemNeighboursAreIndexedByItemAndFindTheSeries()
    {
        SequenceDataset movies = await RealCorpora.MovieLens();
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();

        int[][] neighbours = await SemanticNeighbours.ForItemsAsync(model, RealCorpora.MovieLensTexts(movies));

        Assert.Equal(1683, neighbours.Length);
        Assert.Empty(neighbours[0]);
        for (int item = 1; item < neighbours.Length; item++)
        {
            Assert.DoesNotContain(item, neighbours[item]);
            Assert.All(neighbours[item], n => Assert.InRange(n, 1, 1682));
            Assert.Equal(neighbours[item].Length, neighbours[item].Distinct().Count());
        }

        Assert.All(StarTrek, film => Assert.True(
            neighbours[film].Count(StarTrek.Contains) >= 4,
            $"{movies.Catalog.ItemAt(film).Title}: {string.Join(", ", neighbours[film].Select(n => movies.Catalog.ItemAt(n).Title))}"));
    }

    [SharedDataFact]
    public async Task UserNeighboursAreTheTopTenByCosine()
    {
        SequenceDataset movies = await RealCorpora.MovieLens();
        TfidfSvdEmbeddingGenerator model = await RealCorpora.MovieLensModel();
        LeaveOneOutSplit split = LeaveOneOutSplit.Create(movies);
        IReadOnlyList<string> summaries = await new UserSummaryBuilder(movies.Catalog).SummarizeAllAsync(split.Train);

        SemanticNeighbourSets sets = await SemanticNeighbours.ComputeAsync(model, movies.Catalog, split.Train, new UserSummaryBuilder(movies.Catalog));

        Assert.Equal(943, sets.Users.Length);
        Assert.Equal(1683, sets.Items.Length);
        float[][] vectors = [.. summaries.Select(model.Embed)];
        foreach (int user in new[] { 0, 1, 400, 942 })
        {
            float Score(int other) => TensorPrimitives.Dot<float>(vectors[user], vectors[other]);
            float tenth = Enumerable.Range(0, vectors.Length).Where(other => other != user).Select(Score).OrderDescending().ElementAt(9);

            // The exact index may order near-ties differently in the last float bit, so compare scores, not ids.
            Assert.Equal(10, sets.Users[user].Length);
            Assert.DoesNotContain(user, sets.Users[user]);
            Assert.All(sets.Users[user], n => Assert.True(Score(n) >= tenth - 1e-5f, $"user {user}: neighbour {n} scores {Score(n)}, the 10th best is {tenth}"));
            Assert.True(sets.Users[user].Zip(sets.Users[user].Skip(1)).All(p => Score(p.First) >= Score(p.Second) - 1e-5f), "best first");
        }
    }

    [Fact]
    public async Task TextsWithoutDirectionHaveNoNeighboursAndAreNobodysNeighbour()
    {
        var generator = new CountingEmbeddingGenerator(text => text == "blank" ? [0f, 0f, 0f] : CountingEmbeddingGenerator.Features(text));
        string[] texts = ["A b", "blank", "A B", "a b c", "Abc Def Ghi"];

        int[][] users = await SemanticNeighbours.ForUsersAsync(generator, texts, new SemanticNeighbourOptions { Count = 2, BatchSize = 2 });

        Assert.Equal(5, users.Length);
        Assert.Empty(users[1]);
        Assert.All(users, list => Assert.DoesNotContain(1, list));
        Assert.All(users.Where((_, u) => u != 1), list => Assert.Equal(2, list.Length));
        Assert.Equal(3, generator.Calls.Count);
    }

    [Fact]
    public async Task ItemTextsMapToOneBasedIndices()
    {
        var generator = new CountingEmbeddingGenerator(CountingEmbeddingGenerator.Features);
        var catalog = new ItemCatalog([new CatalogItem("a", "Aa Bb"), new CatalogItem("b", "Aa Bb Cc"), new CatalogItem("c", "x")]);

        int[][] items = await SemanticNeighbours.ForItemsAsync(generator, [.. catalog.Items.Select(i => i.Title!)], new SemanticNeighbourOptions { Count = 1 });

        Assert.Equal(4, items.Length);
        Assert.Empty(items[0]);
        Assert.Equal([2], items[1]);
        Assert.Equal([1], items[2]);
    }
}
