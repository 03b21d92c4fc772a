using System.Net;
using System.Text.Json.Nodes;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>The Qdrant backend against a fake HTTP handler: exact request bodies, headers, retries and id mapping, without a server.</summary>
public sealed class QdrantVectorIndexTests
{
    private const string Ok = """{"result":true,"status":"ok","time":0.001}""";
    private const string Updated = """{"result":{"operation_id":1,"status":"completed"},"status":"ok","time":0.001}""";

    private static readonly QdrantOptions Options = new()
    {
        Url = new Uri("http://qdrant.test:6333"),
        ApiKey = "secret",
        RetryDelay = TimeSpan.Zero,
    };

    [Fact]
    public async Task Create_MakesAMissingCollection_WithVectorParamsAndHnswDefaults()
    {
        int gets = 0;
        var handler = Handler(request => request.Method switch
        {
            "GET" when gets++ == 0 => FakeHttpHandler.Json("""{"status":{"error":"Not found: Collection `games` doesn't exist!"},"time":0.0}""", HttpStatusCode.NotFound),
            "GET" => FakeHttpHandler.Json(Info(4, "Cosine")),
            _ => FakeHttpHandler.Json(Ok),
        });

        await using var index = await QdrantVectorIndex.CreateAsync(Options, "games", 4, VectorMetric.Cosine, new HttpClient(handler));

        Assert.Equal(["GET /collections/games", "PUT /collections/games", "GET /collections/games"], handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        AssertJson("""{"vectors":{"size":4,"distance":"Cosine"},"hnsw_config":{"m":16,"ef_construct":100}}""", handler.Requests[1].Body);
        Assert.Equal("application/json", handler.Requests[1].ContentType);
        Assert.All(handler.Requests, r => Assert.Equal("secret", r.ApiKey));
        Assert.Equal(4, index.Dimensions);
    }

    [Fact]
    public async Task Create_RejectsAnExistingCollectionOfAnotherShape_AndOpenRejectsAMissingOne()
    {
        var existing = Handler(_ => FakeHttpHandler.Json(Info(8, "Euclid")));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => QdrantVectorIndex.CreateAsync(Options, "games", 4, VectorMetric.Cosine, new HttpClient(existing)));
        Assert.Contains("8-dimensional Euclidean", error.Message);

        await using var opened = await QdrantVectorIndex.OpenAsync(Options, "games", new HttpClient(existing));
        Assert.Equal((8, VectorMetric.Euclidean), (opened.Dimensions, opened.Metric));

        var missing = Handler(_ => FakeHttpHandler.Json("""{"status":{"error":"Not found"},"time":0.0}""", HttpStatusCode.NotFound));
        await Assert.ThrowsAsync<InvalidOperationException>(() => QdrantVectorIndex.OpenAsync(Options, "nope", new HttpClient(missing)));
    }

    [Fact]
    public async Task Upsert_SendsUuidPoints_WithTheOriginalIdInThePayload_AndWaits()
    {
        var (index, handler) = await OpenAsync(2, "Cosine", _ => FakeHttpHandler.Json(Updated));

        await index.UpsertAsync([new VectorRecord("game-1", new float[] { 3, 4 }, new Dictionary<string, object?> { ["genre"] = "rpg", ["year"] = 2001, ["tags"] = new[] { "a" } })]);

        var put = handler.Requests.Single();
        Assert.Equal("PUT /collections/games/points?wait=true", $"{put.Method} {put.Path}");
        string pointId = QdrantPointIds.ToPointId("game-1");
        AssertJson($$$"""{"points":[{"id":"{{{pointId}}}","vector":[0.6,0.8],"payload":{"genre":"rpg","year":2001,"tags":["a"],"_agentrec_id":"game-1"}}]}""", put.Body);
        Assert.Equal("secret", put.ApiKey);
    }

    [Fact]
    public async Task Upsert_SplitsIntoBatchesOf256()
    {
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json(Updated));
        var records = Enumerable.Range(0, 600).Select(i => new VectorRecord($"r{i}", new float[] { i, 1 })).ToArray();

        await index.UpsertAsync(records);

        var sizes = handler.Requests.Select(r => JsonNode.Parse(r.Body!)!["points"]!.AsArray().Count).ToArray();
        Assert.Equal([256, 256, 88], sizes);
        var last = JsonNode.Parse(handler.Requests[2].Body!)!["points"]!.AsArray()[87]!;
        Assert.Equal(QdrantPointIds.ToPointId("r599"), (string?)last["id"]);
        Assert.Equal("r599", (string?)last["payload"]!["_agentrec_id"]);
    }

    [Fact]
    public void PointIds_AreNameBasedUuidVersion5()
    {
        // RFC 9562 / Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal("886313e1-3b8a-5372-9b90-0c9aee199e5d", QdrantPointIds.NameBased(dns, "python.org").ToString());

        string id = QdrantPointIds.ToPointId("item/42 é");
        Assert.Equal(id, QdrantPointIds.ToPointId("item/42 é"));
        Assert.NotEqual(id, QdrantPointIds.ToPointId("item/42 e"));
        Assert.Equal('5', id[14]);
        Assert.Contains(id[19], "89ab");
    }

    [Fact]
    public async Task Search_SendsQueryWithFilter_AndMapsHitsBack_NegatingEuclideanDistances()
    {
        var (index, handler) = await OpenAsync(2, "Euclid", _ => FakeHttpHandler.Json("""
            {"result":{"points":[
              {"id":"0b6b4e3a-0000-5000-8000-000000000001","version":3,"score":0.5,"payload":{"_agentrec_id":"near","genre":"rpg","year":2001}},
              {"id":"0b6b4e3a-0000-5000-8000-000000000002","version":3,"score":2.25,"payload":{"_agentrec_id":"far","genre":"rpg","year":2003,"score":7.5,"tags":["x","y"]}}
            ]},"status":"ok","time":0.002}
            """), Options with { SearchEf = 128 });

        var hits = await index.SearchAsync(new float[] { 1, 2 }, 3, VectorFilter.Equal("genre", "rpg") & VectorFilter.Range("year", greaterOrEqual: 2000));

        var request = handler.Requests.Single();
        Assert.Equal("POST /collections/games/points/query", $"{request.Method} {request.Path}");
        AssertJson("""
            {"query":[1,2],"limit":3,"filter":{"must":[{"key":"genre","match":{"value":"rpg"}},{"key":"year","range":{"gte":2000}}]},
             "with_payload":true,"params":{"hnsw_ef":128}}
            """, request.Body);
        Assert.Equal(["near", "far"], hits.Select(h => h.Id));
        Assert.Equal([-0.5f, -2.25f], hits.Select(h => h.Score));
        Assert.False(hits[0].Payload!.ContainsKey("_agentrec_id"));
        Assert.Equal(2001L, hits[0].Payload!["year"]);
        Assert.Equal(7.5, hits[1].Payload!["score"]);
        Assert.Equal(new[] { "x", "y" }, hits[1].Payload!["tags"]);
    }

    [Fact]
    public void Filters_TranslateToQdrantJson()
    {
        AssertJson("""{"must":[{"key":"free","match":{"value":true}}]}""", QdrantFilters.Translate(VectorFilter.Equal("free", true))!.ToJsonString());
        AssertJson("""{"must":[{"key":"price","range":{"gte":9.5,"lte":9.5}}]}""", QdrantFilters.Translate(VectorFilter.Equal("price", 9.5))!.ToJsonString());
        AssertJson(
            """{"should":[{"key":"genre","match":{"any":["rpg","puzzle"]}},{"key":"year","match":{"any":[1999,2001]}},{"must_not":[{"key":"rating","range":{"gt":1,"lt":3}}]}]}""",
            QdrantFilters.Translate(VectorFilter.In("genre", "rpg", "puzzle") | VectorFilter.In("year", 1999L, 2001L) | !VectorFilter.Range("rating", greaterThan: 1, lessThan: 3))!.ToJsonString());
        AssertJson(
            """{"must_not":[{"must":[{"key":"a","match":{"value":1}},{"should":[{"key":"b","match":{"value":"x"}},{"key":"c","match":{"value":false}}]}]}]}""",
            QdrantFilters.Translate(!(VectorFilter.Equal("a", 1L) & (VectorFilter.Equal("b", "x") | VectorFilter.Equal("c", false))))!.ToJsonString());
        Assert.Null(QdrantFilters.Translate(null));
    }

    [Fact]
    public async Task SearchBatch_SendsOneBatchRequest_AndKeepsQueryOrder()
    {
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json("""
            {"result":[{"points":[{"id":1,"score":3.0,"payload":{"_agentrec_id":"a"}}]},{"points":[]}],"status":"ok","time":0.0}
            """));

        var results = await index.SearchBatchAsync([new float[] { 1, 0 }, new float[] { 0, 1 }], 1, VectorFilter.Equal("genre", "rpg"));

        var request = handler.Requests.Single();
        Assert.Equal("/collections/games/points/query/batch", request.Path);
        AssertJson("""
            {"searches":[
              {"query":[1,0],"limit":1,"filter":{"must":[{"key":"genre","match":{"value":"rpg"}}]},"with_payload":true},
              {"query":[0,1],"limit":1,"filter":{"must":[{"key":"genre","match":{"value":"rpg"}}]},"with_payload":true}]}
            """, request.Body);
        Assert.Equal("a", Assert.Single(results[0]).Id);
        Assert.Equal(3f, results[0][0].Score);
        Assert.Empty(results[1]);
    }

    [Fact]
    public async Task GetDeleteAndCount_SendTheirBodies()
    {
        string a = QdrantPointIds.ToPointId("a");
        string b = QdrantPointIds.ToPointId("b");
        var (index, handler) = await OpenAsync(2, "Cosine", request => request.Path switch
        {
            "/collections/games/points" => FakeHttpHandler.Json($$"""
                {"result":[{"id":"{{b}}","payload":{"_agentrec_id":"b","n":2},"vector":[0.0,1.0]},{"id":"{{a}}","payload":{"_agentrec_id":"a"},"vector":[1.0,0.0]}],"status":"ok","time":0.0}
                """),
            "/collections/games/points/count" => FakeHttpHandler.Json("""{"result":{"count":42},"status":"ok","time":0.0}"""),
            _ => FakeHttpHandler.Json(Updated),
        });

        var records = await index.GetAsync(["a", "missing", "b"]);
        await index.DeleteAsync(["a", "b", "a"]);
        long count = await index.CountAsync(VectorFilter.Equal("n", 2L));

        Assert.Equal(["a", "b"], records.Select(r => r.Id));
        Assert.Equal([0f, 1f], records[1].Vector.ToArray());
        Assert.Equal(2L, records[1].Payload!["n"]);
        Assert.Null(records[0].Payload);
        Assert.Equal(42, count);
        string missing = QdrantPointIds.ToPointId("missing");
        AssertJson($$"""{"ids":["{{a}}","{{missing}}","{{b}}"],"with_payload":true,"with_vector":true}""", handler.Requests[0].Body);
        Assert.Equal("/collections/games/points/delete?wait=true", handler.Requests[1].Path);
        AssertJson($$"""{"points":["{{a}}","{{b}}"]}""", handler.Requests[1].Body);
        AssertJson("""{"filter":{"must":[{"key":"n","match":{"value":2}}]},"exact":true}""", handler.Requests[2].Body);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_UntilTheAnswerComes()
    {
        int calls = 0;
        var (index, handler) = await OpenAsync(2, "Dot", _ => ++calls <= 2
            ? FakeHttpHandler.Json("""{"status":{"error":"Service Unavailable"},"time":0.0}""", HttpStatusCode.ServiceUnavailable)
            : FakeHttpHandler.Json("""{"result":{"count":7},"status":"ok","time":0.0}"""));

        Assert.Equal(7, await index.CountAsync());
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("""{"exact":true}""", r.Body));
    }

    [Fact]
    public async Task PersistentServerErrors_GiveUpWithTheStatusAndQdrantsMessage()
    {
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json("""{"status":{"error":"Service Unavailable: overloaded"},"time":0.0}""", HttpStatusCode.ServiceUnavailable), Options with { MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<QdrantException>(() => index.CountAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("Service Unavailable: overloaded", error.ServerMessage);
        Assert.Contains("503", error.Message);
        Assert.Contains("/collections/games/points/count", error.Message);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ClientErrors_AreNotRetried()
    {
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json(
            """{"status":{"error":"Wrong input: Vector dimension error: expected dim: 3, got 2"},"time":0.0}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<QdrantException>(() => index.UpsertAsync([new VectorRecord("a", new float[] { 1, 2 })]));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("expected dim: 3", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Timeouts_AreRetried()
    {
        int calls = 0;
        var handler = new FakeHttpHandler(async (request, cancellationToken) =>
        {
            if (request.Method == "POST" && ++calls == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken); // never answers; the per-attempt timeout cancels it
            }

            return FakeHttpHandler.Json(request.Method == "GET" ? Info(2, "Dot") : """{"result":{"count":3},"status":"ok","time":0.0}""");
        });
        await using var index = await QdrantVectorIndex.OpenAsync(Options with { Timeout = TimeSpan.FromMilliseconds(100) }, "games", new HttpClient(handler));

        Assert.Equal(3, await index.CountAsync());
        Assert.Equal(2, handler.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task PayloadIndexSnapshotAndRestore_UseTheirEndpoints()
    {
        string path = Path.Combine(Path.GetTempPath(), $"agentrec-qdrant-{Guid.NewGuid():N}.snapshot");
        try
        {
            var (index, handler) = await OpenAsync(2, "Cosine", request => (request.Method, request.Path) switch
            {
                ("POST", "/collections/games/snapshots?wait=true") => FakeHttpHandler.Json("""{"result":{"name":"games-1.snapshot","size":5},"status":"ok","time":0.1}"""),
                ("GET", "/collections/games/snapshots/games-1.snapshot") => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("hello"u8.ToArray()) },
                ("GET", _) => FakeHttpHandler.Json(Info(2, "Cosine")),
                _ => FakeHttpHandler.Json(Ok),
            });

            await index.CreatePayloadIndexAsync("genre", QdrantPayloadSchema.Keyword);
            await index.SnapshotAsync(path);
            await using var restored = await QdrantVectorIndex.RestoreAsync(Options, "games copy", path, new HttpClient(handler));

            Assert.Equal(
                [
                    "PUT /collections/games/index?wait=true",
                    "POST /collections/games/snapshots?wait=true",
                    "GET /collections/games/snapshots/games-1.snapshot",
                    "DELETE /collections/games/snapshots/games-1.snapshot",
                    "POST /collections/games%20copy/snapshots/upload?wait=true&priority=snapshot",
                    "GET /collections/games%20copy",
                ],
                handler.Requests.Select(r => $"{r.Method} {r.Path}"));
            AssertJson("""{"field_name":"genre","field_schema":"keyword"}""", handler.Requests[0].Body);
            Assert.Equal("hello", await File.ReadAllTextAsync(path));
            var upload = handler.Requests[4];
            Assert.Equal("multipart/form-data", upload.ContentType);
            Assert.Contains("name=snapshot", upload.Body);
            Assert.Contains("hello", upload.Body);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Scroll_FollowsNextPageOffsets()
    {
        int page = 0;
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json(page++ == 0
            ? """{"result":{"points":[{"id":"u1","payload":{"_agentrec_id":"a"},"vector":[1,0]}],"next_page_offset":"u2"},"status":"ok","time":0.0}"""
            : """{"result":{"points":[{"id":"u2","payload":{"_agentrec_id":"b"},"vector":[0,1]}],"next_page_offset":null},"status":"ok","time":0.0}"""));

        var ids = new List<string>();
        await foreach (var record in index.ScrollAsync(pageSize: 1))
        {
            ids.Add(record.Id);
        }

        Assert.Equal(["a", "b"], ids);
        AssertJson("""{"limit":1,"with_payload":true,"with_vector":true}""", handler.Requests[0].Body);
        AssertJson("""{"limit":1,"offset":"u2","with_payload":true,"with_vector":true}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task ReservedPayloadField_IsRejected()
    {
        var (index, handler) = await OpenAsync(2, "Dot", _ => FakeHttpHandler.Json(Updated));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord("a", new float[] { 1, 0 }, new Dictionary<string, object?> { ["_agentrec_id"] = "x" })]));

        Assert.Contains("reserved", error.Message);
        Assert.Empty(handler.Requests);
    }

    private static string Info(int size, string distance)
        => "{\"result\":{\"status\":\"green\",\"points_count\":0,\"config\":{\"params\":{\"vectors\":{\"size\":" + size
           + ",\"distance\":\"" + distance + "\"}}}},\"status\":\"ok\",\"time\":0.0}";

    private static FakeHttpHandler Handler(Func<FakeHttpHandler.Request, HttpResponseMessage> respond)
        => new((request, _) => Task.FromResult(respond(request)));

    /// <summary>An index over collection "games"; the opening GET is answered and then cleared from the log.</summary>
    private static async Task<(QdrantVectorIndex Index, FakeHttpHandler Handler)> OpenAsync(int size, string distance, Func<FakeHttpHandler.Request, HttpResponseMessage> respond, QdrantOptions? options = null)
    {
        bool opened = false;
        var handler = Handler(request =>
        {
            if (!opened)
            {
                opened = true;
                return FakeHttpHandler.Json(Info(size, distance));
            }

            return respond(request);
        });
        var index = await QdrantVectorIndex.OpenAsync(options ?? Options, "games", new HttpClient(handler));
        handler.Requests.Clear();
        return (index, handler);
    }

    private static void AssertJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"expected {expectedNode!.ToJsonString()}\n  actual {actualNode!.ToJsonString()}");
    }
}
