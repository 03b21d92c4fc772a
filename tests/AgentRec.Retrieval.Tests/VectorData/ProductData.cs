using AgentRec.Retrieval.VectorStores;
using AgentRec.Retrieval.Tests.VectorStores;
using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>A small seeded product set, with the brute-force answers the VectorData collections must reproduce.</summary>
public static class ProductData
{
    public const int Count = 40;

    private static readonly string[] Categories = ["books", "games", "music"];
    private static readonly int[] Years = [1990, 1995, 2000, 2005, 2010, 2015, 2020];
    private static readonly string[] TagNames = ["new", "sale", "classic", "kids"];

    /// <summary>Fresh records (the same every call).</summary>
    public static List<Product> Create()
    {
        var random = new Random(5);
        float[][] vectors = ReferenceSearch.RandomVectors(Count, Product.Dimensions, seed: 6);
        var products = new List<Product>(Count);
        for (int i = 0; i < Count; i++)
        {
            products.Add(new Product
            {
                Id = $"p{i:D2}",
                Category = Categories[random.Next(Categories.Length)],
                Year = Years[random.Next(Years.Length)],
                Price = Math.Round(random.NextDouble() * 50, 2),
                Rating = (float)Math.Round(random.NextDouble() * 5, 1),
                InStock = random.NextDouble() < 0.5,
                Tags = TagNames.Where(_ => random.NextDouble() < 0.35).ToArray(),
                Title = i % 4 == 0 ? null : $"Title {i}",
                Embedding = vectors[i],
            });
        }

        return products;
    }

    /// <summary>Overrides the vector property's distance function (the rest of the schema comes from the attributes).</summary>
    public static VectorStoreCollectionDefinition WithDistance(string distanceFunction) => new()
    {
        Properties =
        [
            new VectorStoreVectorProperty(nameof(Product.Embedding), typeof(ReadOnlyMemory<float>), Product.Dimensions) { DistanceFunction = distanceFunction },
        ],
    };

    /// <summary>Whether a distance function's scores are higher-is-better.</summary>
    public static bool IsSimilarity(string distanceFunction)
        => distanceFunction is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;

    /// <summary>The score VectorData defines for <paramref name="distanceFunction"/>, worked out in double precision.</summary>
    public static double Score(string distanceFunction, ReadOnlySpan<float> query, ReadOnlySpan<float> vector) => distanceFunction switch
    {
        DistanceFunction.CosineSimilarity => ReferenceSearch.Score(VectorMetric.Cosine, query, vector),
        DistanceFunction.CosineDistance => 1 - ReferenceSearch.Score(VectorMetric.Cosine, query, vector),
        DistanceFunction.DotProductSimilarity => ReferenceSearch.Score(VectorMetric.DotProduct, query, vector),
        DistanceFunction.NegativeDotProductSimilarity => -ReferenceSearch.Score(VectorMetric.DotProduct, query, vector),
        DistanceFunction.EuclideanDistance => -ReferenceSearch.Score(VectorMetric.Euclidean, query, vector),
        DistanceFunction.EuclideanSquaredDistance => Math.Pow(ReferenceSearch.Score(VectorMetric.Euclidean, query, vector), 2),
        _ => throw new ArgumentOutOfRangeException(nameof(distanceFunction), distanceFunction, null),
    };

    /// <summary>Ids and scores of the records passing <paramref name="keep"/>, best first (ties by id).</summary>
    public static (string Id, double Score)[] Ranked(IEnumerable<Product> products, string distanceFunction, float[] query, Func<Product, bool>? keep = null)
    {
        var scored = products
            .Where(p => keep is null || keep(p))
            .Select(p => (p.Id, Score: Score(distanceFunction, query, p.Embedding.Span)));
        return (IsSimilarity(distanceFunction) ? scored.OrderByDescending(s => s.Score) : scored.OrderBy(s => s.Score))
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToArray();
    }
}
