using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Approximate-search quality and HNSW-specific behaviour (the shared contract is in the conformance suite).</summary>
public sealed class HnswVectorIndexTests
{
    private const int Dimensions = 32;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RecallAt10_IsAtLeast95Percent_On5kRandomVectors(int buildThreads)
    {
        var records = Records(5000, seed: 1);
        var queries = ReferenceSearch.RandomVectors(200, Dimensions, seed: 2).Select(q => (ReadOnlyMemory<float>)q).ToArray();
        await using var exact = new ExactVectorIndex("exact", Dimensions, VectorMetric.Cosine);
        await using var hnsw = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.Cosine, new HnswOptions { Seed = 3, BuildParallelism = buildThreads });
        await exact.UpsertAsync(records);
        await hnsw.UpsertAsync(records);

        double recall = Recall(await exact.SearchBatchAsync(queries, 10), await hnsw.SearchBatchAsync(queries, 10));

        Assert.True(recall >= 0.95, $"recall@10 = {recall:F3}");
        Assert.Equal(0, hnsw.ExactScans);
    }

    [Fact]
    public async Task SingleThreadedBuild_IsReproducibleForASeed()
    {
        var records = Records(1500, seed: 4);
        var queries = ReferenceSearch.RandomVectors(50, Dimensions, seed: 5);

        // ef = 1 exposes the exact graph: a greedy walk's answer depends on every link it follows.
        string first = await GreedyAnswers(new HnswOptions { Seed = 11 });
        string second = await GreedyAnswers(new HnswOptions { Seed = 11 });
        string otherSeed = await GreedyAnswers(new HnswOptions { Seed = 12 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);

        async Task<string> GreedyAnswers(HnswOptions options)
        {
            await using var index = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.DotProduct, options);
            foreach (var chunk in records.Chunk(300))
            {
                await index.UpsertAsync(chunk);
            }

            var lines = new List<string>();
            foreach (float[] query in queries)
            {
                lines.Add(string.Join(",", (await index.SearchAsync(query, 3, null, efSearch: 1)).Select(h => h.Id)));
            }

            return string.Join("\n", lines);
        }
    }

    [Fact]
    public async Task Tombstones_AreNeverReturned_AndRecallHolds()
    {
        var records = Records(3000, seed: 6);
        await using var hnsw = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.Euclidean);
        await using var exact = new ExactVectorIndex("exact", Dimensions, VectorMetric.Euclidean);
        await hnsw.UpsertAsync(records);
        await exact.UpsertAsync(records);
        string[] gone = records.Where((_, i) => i % 2 == 0).Select(r => r.Id).ToArray();
        await hnsw.DeleteAsync(gone);
        await exact.DeleteAsync(gone);
        var moved = Records(300, seed: 7).Select((r, i) => r with { Id = $"r{(2 * i) + 1}" }).ToArray(); // new vectors for odd ids
        await hnsw.UpsertAsync(moved);
        await exact.UpsertAsync(moved);
        var queries = ReferenceSearch.RandomVectors(100, Dimensions, seed: 8).Select(q => (ReadOnlyMemory<float>)q).ToArray();

        var approximate = await hnsw.SearchBatchAsync(queries, 10);

        Assert.Equal(1800, hnsw.TombstoneCount);
        Assert.Equal(1500, await hnsw.CountAsync());
        var deleted = gone.ToHashSet();
        Assert.All(approximate.SelectMany(hits => hits), hit => Assert.DoesNotContain(hit.Id, deleted));
        double recall = Recall(await exact.SearchBatchAsync(queries, 10), approximate);
        Assert.True(recall >= 0.9, $"recall@10 = {recall:F3}");
    }

    [Fact]
    public async Task SelectiveFilter_FallsBackToAnExactScan_BroadFilterWalksTheGraph()
    {
        var records = Records(4000, seed: 9);
        await using var hnsw = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.Cosine, new HnswOptions { EfSearch = 100 });
        await using var exact = new ExactVectorIndex("exact", Dimensions, VectorMetric.Cosine);
        await hnsw.UpsertAsync(records);
        await exact.UpsertAsync(records);
        var queries = ReferenceSearch.RandomVectors(50, Dimensions, seed: 10).Select(q => (ReadOnlyMemory<float>)q).ToArray();
        var rare = VectorFilter.Range("rank", lessThan: 40);    // 1 %
        var common = VectorFilter.Equal("parity", "even");       // 50 %

        var rareHits = await hnsw.SearchBatchAsync(queries, 10, rare);
        long scansAfterRare = hnsw.ExactScans;
        var commonHits = await hnsw.SearchBatchAsync(queries, 10, common);

        Assert.Equal(queries.Length, scansAfterRare);
        Assert.Equal(scansAfterRare, hnsw.ExactScans);
        var rareExpected = await exact.SearchBatchAsync(queries, 10, rare);
        Assert.Equal(rareExpected.Select(h => string.Join(",", h.Select(x => x.Id))), rareHits.Select(h => string.Join(",", h.Select(x => x.Id))));
        Assert.All(commonHits.SelectMany(h => h), hit => Assert.Equal("even", hit.Payload!["parity"]));
        double recall = Recall(await exact.SearchBatchAsync(queries, 10, common), commonHits);
        Assert.True(recall >= 0.95, $"filtered recall@10 = {recall:F3}");
    }

    [Fact]
    public async Task FilterMatchingFewerThanTop_ReturnsAllMatches()
    {
        await using var hnsw = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.Cosine, new HnswOptions { FilterExactThreshold = 0 });
        await hnsw.UpsertAsync(Records(1000, seed: 11));

        var hits = await hnsw.SearchAsync(ReferenceSearch.RandomVectors(1, Dimensions, seed: 12)[0], 10, VectorFilter.In("rank", 5L, 500L, 999L));

        Assert.Equal(["r5", "r500", "r999"], hits.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task PreCancelledUpsert_ChangesNothing()
    {
        await using var hnsw = new HnswVectorIndex("hnsw", Dimensions, VectorMetric.Cosine);
        await hnsw.UpsertAsync(Records(10, seed: 13));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hnsw.UpsertAsync(Records(100, seed: 14), cancelled.Token));

        Assert.Equal(10, await hnsw.CountAsync());
        Assert.Equal(0, hnsw.TombstoneCount);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex("h", 4, VectorMetric.Cosine, new HnswOptions { M = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex("h", 4, VectorMetric.Cosine, new HnswOptions { EfSearch = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex("h", 4, VectorMetric.Cosine, new HnswOptions { FilterExactThreshold = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex("h", 0, VectorMetric.Cosine));
    }

    private static double Recall(IReadOnlyList<IReadOnlyList<VectorMatch>> truth, IReadOnlyList<IReadOnlyList<VectorMatch>> found)
    {
        double sum = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            var expected = truth[i].Select(h => h.Id).ToHashSet();
            sum += found[i].Count(h => expected.Contains(h.Id)) / (double)Math.Max(1, expected.Count);
        }

        return sum / truth.Count;
    }

    private static VectorRecord[] Records(int count, int seed) => ReferenceSearch.RandomVectors(count, Dimensions, seed)
        .Select((v, i) => new VectorRecord($"r{i}", v, new Dictionary<string, object?> { ["rank"] = (long)i, ["parity"] = i % 2 == 0 ? "even" : "odd" }))
        .ToArray();
}
