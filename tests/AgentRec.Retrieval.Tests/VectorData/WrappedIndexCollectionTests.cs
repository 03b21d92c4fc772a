using AgentRec.Retrieval.Tests.VectorStores;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>A collection made directly over an index the caller owns.</summary>
public sealed class WrappedIndexCollectionTests
{
    [Fact]
    public async Task Collection_OverAnExistingIndex_ReadsAndWritesIt()
    {
        await using var index = new ExactVectorIndex("catalog", Product.Dimensions, VectorMetric.Cosine);
        var products = new AgentRecVectorStoreCollection<string, Product>(index);
        float[] query = ReferenceSearch.RandomVectors(1, Product.Dimensions, seed: 91)[0];

        await products.UpsertAsync(ProductData.Create());
        var hits = await products.SearchAsync(query, 3).ToListAsync();

        Assert.Equal("catalog", products.Name);
        Assert.True(await products.CollectionExistsAsync());
        Assert.Equal(ProductData.Count, await index.CountAsync());
        Assert.Equal(ProductData.Ranked(ProductData.Create(), DistanceFunction.CosineSimilarity, query).Take(3).Select(r => r.Id), hits.Select(h => h.Record.Id));
        Assert.Same(index, products.GetService(typeof(IVectorIndex)));
        Assert.Null(products.GetService(typeof(IVectorIndexBackend)));
        await Assert.ThrowsAsync<NotSupportedException>(() => products.EnsureCollectionDeletedAsync());
        await Assert.ThrowsAsync<NotSupportedException>(() => products.RestoreAsync("any.snapshot"));

        // Without an embedding generator only vectors can be searched for.
        var text = await Assert.ThrowsAsync<NotSupportedException>(() => products.SearchAsync("red shoes", 3).ToListAsync().AsTask());
        Assert.Contains("'string'", text.Message);
    }

    [Fact]
    public async Task Collection_OverAnIndexOfOtherDimensions_IsRejected()
    {
        await using var index = new ExactVectorIndex("catalog", 3, VectorMetric.Cosine);

        var error = Assert.Throws<InvalidOperationException>(() => new AgentRecVectorStoreCollection<string, Product>(index));
        Assert.Contains("3-dimensional", error.Message);
    }

    [Fact]
    public async Task RecordDefinition_WithUnsupportedParts_IsRejectedWhenTheCollectionIsMade()
    {
        await using var index = new ExactVectorIndex("catalog", Product.Dimensions, VectorMetric.Cosine);

        var distance = Assert.Throws<NotSupportedException>(() => new AgentRecVectorStoreCollection<string, Product>(
            index, new AgentRecCollectionOptions { Definition = ProductData.WithDistance(DistanceFunction.ManhattanDistance) }));
        var key = Assert.Throws<NotSupportedException>(() => new AgentRecVectorStoreCollection<DateTime, DateKeyed>(index));

        Assert.Contains(DistanceFunction.ManhattanDistance, distance.Message);
        Assert.Contains("DateTime", key.Message);
    }

    public sealed class DateKeyed
    {
        [VectorStoreKey]
        public DateTime Day { get; set; }

        [VectorStoreVector(Product.Dimensions)]
        public ReadOnlyMemory<float> Embedding { get; set; }
    }
}
