using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>
/// The contract every <see cref="IVectorIndex"/> must meet. A backend subclasses this with how to create, reopen
/// (persist and reload) and restore an index; a backend that cannot run here throws <see cref="SkipTestException"/>.
/// </summary>
public abstract class VectorIndexConformanceTests : IAsyncLifetime
{
    private const double Tolerance = 1e-4;
    private readonly List<IVectorIndex> opened = [];

    protected TempDirectory Temp { get; } = new();

    /// <summary>False for backends whose payloads travel as JSON, where the double 3.0 comes back as the integer 3.</summary>
    protected virtual bool KeepsWholeDoubles => true;

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var index in opened)
        {
            await index.DisposeAsync();
        }

        Temp.Dispose();
    }

    [SkippableFact]
    public async Task Search_ReturnsTheKnownNearest_ForEveryMetric()
    {
        // Query (1, 0.05, 0); scores worked out by hand from the metric definitions.
        float[] query = [1f, 0.05f, 0f];
        var expected = new Dictionary<VectorMetric, (string[] Order, double BestScore)>
        {
            [VectorMetric.Cosine] = (["a", "e", "d", "b", "c"], 1 / Math.Sqrt(1.0025)),
            [VectorMetric.DotProduct] = (["e", "a", "d", "b", "c"], 2.03),
            [VectorMetric.Euclidean] = (["a", "d", "e", "b", "c"], -0.05),
        };

        foreach (var (metric, (order, bestScore)) in expected)
        {
            var index = await CreateIndexAsync(3, metric);
            await index.UpsertAsync(HandMade());

            var hits = await index.SearchAsync(query, 5);

            Assert.Equal(order, hits.Select(h => h.Id));
            Assert.Equal(bestScore, hits[0].Score, Tolerance);
            foreach (var hit in hits)
            {
                var record = HandMade().Single(r => r.Id == hit.Id);
                Assert.Equal(ReferenceSearch.Score(metric, query, record.Vector.Span), hit.Score, Tolerance);
            }
        }
    }

    [SkippableFact]
    public async Task Search_OrdersScoresBestFirst_AndHonoursTop()
    {
        var index = await CreateIndexAsync(8, VectorMetric.Euclidean);
        var records = RandomRecords(60, 8, seed: 3);
        await index.UpsertAsync(records);
        float[] query = ReferenceSearch.RandomVectors(1, 8, seed: 4)[0];

        var top7 = await index.SearchAsync(query, 7);
        var all = await index.SearchAsync(query, 1000);

        Assert.Equal(7, top7.Count);
        Assert.Equal(60, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), "scores must not increase");
        Assert.All(all, hit => Assert.True(hit.Score <= 0, "a Euclidean score is a negative distance"));
        Assert.Equal(all.Take(7).Select(h => h.Id), top7.Select(h => h.Id));
    }

    [SkippableFact]
    public async Task Search_EqualsBruteForce_OnSmallRandomData()
    {
        foreach (var metric in Enum.GetValues<VectorMetric>())
        {
            var index = await CreateIndexAsync(8, metric);
            var records = RandomRecords(300, 8, seed: 11);
            await index.UpsertAsync(records);
            foreach (float[] query in ReferenceSearch.RandomVectors(20, 8, seed: 12))
            {
                var expected = ReferenceSearch.Top(records, metric, query, 10);
                var hits = await index.SearchAsync(query, 10);
                Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));
                Assert.All(expected.Zip(hits), pair => Assert.Equal(pair.First.Score, pair.Second.Score, Tolerance));
            }
        }
    }

    [SkippableFact]
    public async Task Upsert_OverwritesVectorAndPayload()
    {
        var index = await CreateIndexAsync(3, VectorMetric.Cosine);
        await index.UpsertAsync(HandMade());
        await index.UpsertAsync([new VectorRecord("a", new float[] { 0, 0, 5 }, Payload(("version", 2L)))]);

        Assert.Equal(5, await index.CountAsync());
        var hits = await index.SearchAsync(new float[] { 0, 0.1f, 1 }, 2);
        Assert.Equal(["a", "c"], hits.Select(h => h.Id).Order());
        var stored = Assert.Single(await index.GetAsync(["a"]));
        Assert.Equal([0f, 0f, 1f], stored.Vector.ToArray()); // cosine vectors are stored normalised
        Assert.Equal(2L, stored.Payload!["version"]);

        // Same vector, new payload: only the payload changes.
        await index.UpsertAsync([new VectorRecord("a", new float[] { 0, 0, 5 }, Payload(("version", 3L)))]);
        Assert.Equal(3L, Assert.Single(await index.GetAsync(["a"])).Payload!["version"]);
        Assert.Equal(3L, (await index.SearchAsync(new float[] { 0, 0, 1 }, 2)).Single(h => h.Id == "a").Payload!["version"]);
        Assert.Equal(5, await index.CountAsync());
    }

    [SkippableFact]
    public async Task Upsert_LastRecordForAnIdInOneBatchWins()
    {
        var index = await CreateIndexAsync(2, VectorMetric.DotProduct);
        await index.UpsertAsync(
        [
            new VectorRecord("x", new float[] { 1, 0 }, Payload(("n", 1L))),
            new VectorRecord("y", new float[] { 0, 1 }),
            new VectorRecord("x", new float[] { 0, 2 }, Payload(("n", 2L))),
        ]);

        Assert.Equal(2, await index.CountAsync());
        var x = Assert.Single(await index.GetAsync(["x"]));
        Assert.Equal([0f, 2f], x.Vector.ToArray());
        Assert.Equal(2L, x.Payload!["n"]);
    }

    [SkippableFact]
    public async Task Payloads_RoundTripEveryValueType()
    {
        var index = await CreateIndexAsync(2, VectorMetric.Cosine);
        var payload = Payload(("title", "Ico ü"), ("year", 2001L), ("price", 19.99), ("whole", 3.0), ("owned", true), ("tags", new[] { "ps2", "puzzle" }));
        await index.UpsertAsync([new VectorRecord("item/42 é", new float[] { 1, 1 }, payload), new VectorRecord("bare", new float[] { 1, -1 })]);

        var stored = (await index.GetAsync(["item/42 é", "missing", "bare"])).ToArray();

        Assert.Equal(["item/42 é", "bare"], stored.Select(r => r.Id));
        AssertPayloadsEqual(payload, stored[0].Payload);
        Assert.Null(stored[1].Payload);
        var hit = (await index.SearchAsync(new float[] { 1, 1 }, 1))[0];
        Assert.Equal("item/42 é", hit.Id);
        AssertPayloadsEqual(payload, hit.Payload);
    }

    [SkippableFact]
    public async Task Filters_SelectExactlyTheMatchingRecords()
    {
        var index = await CreateIndexAsync(4, VectorMetric.Cosine);
        var records = FilterRecords();
        await index.UpsertAsync(records);
        float[] query = [0.3f, -0.2f, 0.5f, 0.1f];

        var cases = new (VectorFilter Filter, Func<int, bool> Expected)[]
        {
            (VectorFilter.Equal("genre", "rpg"), i => i != 5 && i % 3 == 0),
            (VectorFilter.Equal("year", 2003L), i => i == 3),
            (VectorFilter.Equal("free", true), i => i % 2 == 0),
            (VectorFilter.Equal("rating", 3.0), i => i == 3),
            (VectorFilter.In("genre", "rpg", "puzzle"), i => i != 5 && i % 3 != 1),
            (VectorFilter.In("year", 2001L, 2004L, 2011L), i => i is 1 or 4 or 11),
            (VectorFilter.Equal("tags", "co-op"), i => i % 4 == 0),
            (VectorFilter.In("tags", "indie", "nothing"), i => i % 4 == 0),
            (VectorFilter.Range("rating", greaterOrEqual: 2.5, lessThan: 5), i => i is >= 2 and <= 6),
            (VectorFilter.Range("year", greaterThan: 2005), i => i > 5),
            (VectorFilter.Equal("genre", "rpg") & VectorFilter.Equal("free", true), i => i != 5 && i % 6 == 0),
            (VectorFilter.Equal("year", 2001L) | VectorFilter.Equal("tags", "indie"), i => i == 1 || i % 4 == 0),
            (!VectorFilter.Equal("genre", "rpg"), i => i == 5 || i % 3 != 0),
            (!(VectorFilter.Range("year", lessOrEqual: 2003) & VectorFilter.Equal("free", false)), i => !(i <= 3 && i % 2 == 1)),
            (VectorFilter.Equal("genre", "strategy"), _ => false),
        };

        foreach (var (filter, expected) in cases)
        {
            var keep = records.Where((_, i) => expected(i)).ToHashSet();
            var reference = ReferenceSearch.Top(records, VectorMetric.Cosine, query, 12, keep.Contains);

            var hits = await index.SearchAsync(query, 12, filter);

            Assert.True(reference.Select(r => r.Id).SequenceEqual(hits.Select(h => h.Id)), $"filter {filter}: expected [{string.Join(", ", reference.Select(r => r.Id))}], got [{string.Join(", ", hits.Select(h => h.Id))}]");
            Assert.Equal(keep.Count, await index.CountAsync(filter));
        }
    }

    [SkippableFact]
    public async Task Delete_RemovesRecords_AndIgnoresUnknownIds()
    {
        var index = await CreateIndexAsync(3, VectorMetric.Euclidean);
        await index.UpsertAsync(HandMade());

        await index.DeleteAsync(["b", "d", "no-such-id"]);

        Assert.Equal(3, await index.CountAsync());
        Assert.Empty(await index.GetAsync(["b", "d"]));
        var hits = await index.SearchAsync(new float[] { 0.7f, 0.7f, 0 }, 10);
        Assert.Equal(["a", "e", "c"], hits.Select(h => h.Id));

        await index.UpsertAsync([new VectorRecord("b", new float[] { 0.7f, 0.7f, 0 })]);
        Assert.Equal("b", (await index.SearchAsync(new float[] { 0.7f, 0.7f, 0 }, 1))[0].Id);
        Assert.Equal(4, await index.CountAsync());
    }

    [SkippableFact]
    public async Task Count_WithAndWithoutFilter()
    {
        var index = await CreateIndexAsync(4, VectorMetric.DotProduct);
        Assert.Equal(0, await index.CountAsync());
        Assert.Empty(await index.SearchAsync(new float[] { 1, 0, 0, 0 }, 3));

        await index.UpsertAsync(FilterRecords());

        Assert.Equal(12, await index.CountAsync());
        Assert.Equal(3, await index.CountAsync(VectorFilter.Equal("genre", "puzzle"))); // g05 has no genre
        Assert.Equal(6, await index.CountAsync(VectorFilter.Equal("free", false)));
    }

    [SkippableFact]
    public async Task SearchBatch_EqualsSingleSearches()
    {
        var index = await CreateIndexAsync(8, VectorMetric.Cosine);
        await index.UpsertAsync(RandomRecords(120, 8, seed: 21));
        var queries = ReferenceSearch.RandomVectors(17, 8, seed: 22).Select(q => (ReadOnlyMemory<float>)q).ToArray();
        var filter = VectorFilter.Range("rank", lessThan: 60);

        foreach (var f in new[] { null, filter })
        {
            var batch = await index.SearchBatchAsync(queries, 5, f);
            Assert.Equal(queries.Length, batch.Count);
            for (int i = 0; i < queries.Length; i++)
            {
                var single = await index.SearchAsync(queries[i], 5, f);
                Assert.Equal(single.Select(h => h.Id), batch[i].Select(h => h.Id));
                Assert.Equal(single.Select(h => h.Score), batch[i].Select(h => h.Score));
            }
        }
    }

    [SkippableFact]
    public async Task PersistAndReload_GivesIdenticalResults()
    {
        var index = await CreateIndexAsync(8, VectorMetric.Cosine);
        var records = RandomRecords(200, 8, seed: 31);
        await index.UpsertAsync(records.Take(150).ToArray());
        await index.UpsertAsync(records.Skip(150).ToArray());
        await index.DeleteAsync(records.Where((_, i) => i % 7 == 0).Select(r => r.Id).ToArray());
        await index.UpsertAsync(RandomRecords(20, 8, seed: 32)); // overwrites r0..r19 with new vectors
        var queries = ReferenceSearch.RandomVectors(10, 8, seed: 33);
        var filter = VectorFilter.Range("rank", greaterOrEqual: 100);
        var before = await SnapshotOfAnswers(index, queries, filter);

        var reopened = await ReopenAsync(index);

        var after = await SnapshotOfAnswers(reopened, queries, filter);
        Assert.Equal(before, after);
        await reopened.UpsertAsync([new VectorRecord("late", queries[0])]);
        Assert.Equal("late", (await reopened.SearchAsync(queries[0], 1))[0].Id);
    }

    [SkippableFact]
    public async Task SnapshotAndRestore_ReturnTheStateAtSnapshotTime()
    {
        var index = await CreateIndexAsync(8, VectorMetric.Euclidean);
        await index.UpsertAsync(RandomRecords(50, 8, seed: 41));
        var queries = ReferenceSearch.RandomVectors(5, 8, seed: 42);
        var atSnapshot = await SnapshotOfAnswers(index, queries, null);
        string path = Temp.File("snapshots/first.snapshot");

        await index.SnapshotAsync(path);
        await index.DeleteAsync(["r1", "r2", "r3"]);
        await index.UpsertAsync([new VectorRecord("later", queries[0])]);
        var restored = await RestoreAsync(index, path);

        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        Assert.Equal(atSnapshot, await SnapshotOfAnswers(restored, queries, null));
        Assert.Equal(50, await restored.CountAsync());
    }

    [SkippableFact]
    public async Task InvalidInput_IsRejectedWithClearErrors()
    {
        var index = await CreateIndexAsync(3, VectorMetric.Cosine);

        var wrongLength = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord("a", new float[] { 1, 2 })]));
        Assert.Contains("'a'", wrongLength.Message);
        Assert.Contains("2 dimensions", wrongLength.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord("z", new float[3])]));
        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord("n", new[] { 1f, float.NaN, 0 })]));
        var badPayload = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord("p", new float[] { 1, 0, 0 }, Payload(("when", DateTime.UnixEpoch)))]));
        Assert.Contains("'when'", badPayload.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new float[] { 1, 0 }, 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.SearchAsync(new float[] { 1, 0, 0 }, 0));
        Assert.Equal(0, await index.CountAsync());
    }

    protected abstract Task<IVectorIndex> CreateIndexCoreAsync(int dimensions, VectorMetric metric);

    /// <summary>Persists <paramref name="index"/>, lets go of it, and loads it back.</summary>
    protected abstract Task<IVectorIndex> ReopenCoreAsync(IVectorIndex index);

    /// <summary>Restores the snapshot at <paramref name="snapshotPath"/> taken from <paramref name="original"/>.</summary>
    protected abstract Task<IVectorIndex> RestoreCoreAsync(IVectorIndex original, string snapshotPath);

    protected async Task<IVectorIndex> CreateIndexAsync(int dimensions, VectorMetric metric) => Track(await CreateIndexCoreAsync(dimensions, metric));

    protected static VectorRecord[] HandMade() =>
    [
        new("a", new float[] { 1, 0, 0 }),
        new("b", new float[] { 0, 1, 0 }),
        new("c", new float[] { 0, 0, 1 }),
        new("d", new float[] { 0.7f, 0.7f, 0 }),
        new("e", new float[] { 2, 0.6f, 0 }),
    ];

    protected static VectorRecord[] RandomRecords(int count, int dimensions, int seed) => ReferenceSearch.RandomVectors(count, dimensions, seed)
        .Select((v, i) => new VectorRecord($"r{i}", v, Payload(("rank", (long)i), ("parity", i % 2 == 0 ? "even" : "odd"))))
        .ToArray();

    protected static IReadOnlyDictionary<string, object?> Payload(params (string Key, object? Value)[] fields)
        => fields.ToDictionary(f => f.Key, f => f.Value);

    private static VectorRecord[] FilterRecords()
    {
        string[] genres = ["rpg", "action", "puzzle"];
        var vectors = ReferenceSearch.RandomVectors(12, 4, seed: 5);
        return vectors.Select((v, i) =>
        {
            var payload = new Dictionary<string, object?>
            {
                ["year"] = 2000L + i,
                ["rating"] = 1.5 + (i * 0.5),
                ["free"] = i % 2 == 0,
                ["tags"] = i % 4 == 0 ? new[] { "co-op", "indie" } : new[] { "solo" },
            };
            if (i != 5)
            {
                payload["genre"] = genres[i % 3];
            }

            return new VectorRecord($"g{i:00}", v, payload);
        }).ToArray();
    }

    private async Task<IVectorIndex> ReopenAsync(IVectorIndex index) => Track(await ReopenCoreAsync(index));

    private async Task<IVectorIndex> RestoreAsync(IVectorIndex original, string path) => Track(await RestoreCoreAsync(original, path));

    private IVectorIndex Track(IVectorIndex index)
    {
        opened.Add(index);
        return index;
    }

    /// <summary>A comparable text rendering of what an index answers: searches (filtered and not), count, and a few records.</summary>
    private static async Task<string> SnapshotOfAnswers(IVectorIndex index, float[][] queries, VectorFilter? filter)
    {
        var lines = new List<string> { $"count {await index.CountAsync()}" };
        foreach (float[] query in queries)
        {
            lines.Add(string.Join(" ", (await index.SearchAsync(query, 10)).Select(h => $"{h.Id}:{h.Score:R}")));
            if (filter is not null)
            {
                lines.Add(string.Join(" ", (await index.SearchAsync(query, 10, filter)).Select(h => $"{h.Id}:{h.Score:R}")));
                lines.Add($"filtered count {await index.CountAsync(filter)}");
            }
        }

        foreach (var record in await index.GetAsync(["r0", "r7", "r19", "r150", "r199"]))
        {
            lines.Add($"{record.Id} [{string.Join(",", record.Vector.ToArray())}] rank={record.Payload?["rank"]}");
        }

        return string.Join("\n", lines);
    }

    private void AssertPayloadsEqual(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
        {
            object? stored = actual[key];
            if (value is double d && !KeepsWholeDoubles && d == Math.Floor(d))
            {
                Assert.Equal((long)d, stored);
            }
            else if (value is string[] array)
            {
                Assert.Equal(array, Assert.IsType<string[]>(stored));
            }
            else
            {
                Assert.Equal(value, stored);
            }
        }
    }
}
