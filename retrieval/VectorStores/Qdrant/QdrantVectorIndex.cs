using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// <see cref="IVectorIndex"/> over one Qdrant collection, through its REST API. Record ids become name-based UUIDs
/// (<see cref="QdrantPointIds"/>) with the original id kept in the payload field <c>_agentrec_id</c>; filters are
/// translated to Qdrant's filter JSON; Euclidean distances (which Qdrant returns as positive, lower-is-better scores)
/// are negated so that, as everywhere, higher is better. Writes wait for Qdrant to apply them (<c>wait=true</c>).
/// </summary>
/// <remarks>
/// Payload numbers round-trip through JSON, so a double with no fraction (3.0) reads back as the integer 3, and a
/// field name containing '.' is read by Qdrant as a nested path.
/// </remarks>
public sealed class QdrantVectorIndex : IVectorIndex
{
    private readonly QdrantRestClient client;
    private readonly QdrantOptions options;
    private readonly HttpClient? ownedHttpClient;

    private QdrantVectorIndex(QdrantRestClient client, QdrantOptions options, HttpClient? ownedHttpClient, string collection, int dimensions, VectorMetric metric)
    {
        this.client = client;
        this.options = options;
        this.ownedHttpClient = ownedHttpClient;
        Name = collection;
        Dimensions = dimensions;
        Metric = metric;
    }

    /// <summary>The collection name.</summary>
    public string Name { get; }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    /// <summary>
    /// Uses the collection, creating it (vectors of <paramref name="dimensions"/> with the metric's distance, HNSW
    /// m/ef_construct from <paramref name="options"/>) when missing. An existing collection must have the same size and distance.
    /// </summary>
    /// <param name="httpClient">Shared client (e.g. from IHttpClientFactory); when null the index creates and owns one.</param>
    public static async Task<QdrantVectorIndex> CreateAsync(
        QdrantOptions options,
        string collection,
        int dimensions,
        VectorMetric metric,
        HttpClient? httpClient = null,
        ILogger<QdrantVectorIndex>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        QdrantRestClient.DistanceName(metric);
        var (client, owned) = Connect(options, collection, httpClient, logger);
        try
        {
            var info = await client.GetCollectionAsync(collection, cancellationToken).ConfigureAwait(false);
            if (info is null)
            {
                try
                {
                    await client.CreateCollectionAsync(collection, dimensions, metric, cancellationToken).ConfigureAwait(false);
                }
                catch (QdrantException)
                {
                    // Created concurrently (or by an earlier attempt whose answer was lost)? Then check it below like any other.
                    if (await client.GetCollectionAsync(collection, cancellationToken).ConfigureAwait(false) is null)
                    {
                        throw;
                    }
                }

                info = await client.GetCollectionAsync(collection, cancellationToken).ConfigureAwait(false);
            }

            var (size, distance) = Describe(info, collection);
            if (size != dimensions || distance != metric)
            {
                throw new InvalidOperationException(
                    $"Qdrant collection '{collection}' has {size}-dimensional {distance} vectors; asked for {dimensions}-dimensional {metric}.");
            }

            return new QdrantVectorIndex(client, options, owned, collection, dimensions, metric);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Uses an existing collection, reading its dimensions and metric from Qdrant.</summary>
    public static async Task<QdrantVectorIndex> OpenAsync(
        QdrantOptions options,
        string collection,
        HttpClient? httpClient = null,
        ILogger<QdrantVectorIndex>? logger = null,
        CancellationToken cancellationToken = default)
    {
        var (client, owned) = Connect(options, collection, httpClient, logger);
        try
        {
            var info = await client.GetCollectionAsync(collection, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Qdrant collection '{collection}' does not exist at {options.Url}.");
            var (size, metric) = Describe(info, collection);
            return new QdrantVectorIndex(client, options, owned, collection, size, metric);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Uploads a snapshot file (from <see cref="SnapshotAsync"/>) as <paramref name="collection"/>, replacing its data, and opens it.</summary>
    public static async Task<QdrantVectorIndex> RestoreAsync(
        QdrantOptions options,
        string collection,
        string snapshotPath,
        HttpClient? httpClient = null,
        ILogger<QdrantVectorIndex>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        if (!File.Exists(snapshotPath))
        {
            throw new FileNotFoundException($"Qdrant snapshot '{Path.GetFullPath(snapshotPath)}' does not exist.", snapshotPath);
        }

        var (client, owned) = Connect(options, collection, httpClient, logger);
        try
        {
            await client.RecoverSnapshotAsync(collection, snapshotPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            owned?.Dispose();
        }

        return await OpenAsync(options, collection, httpClient, logger, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        var prepared = VectorMath.Prepare(records, Dimensions, Metric);
        var points = prepared
            .Select(r => new QdrantPoint(QdrantPointIds.ToPointId(r.Id), r.Vector, QdrantPayloads.ToQdrant(r.Id, r.Payload)))
            .ToArray();
        foreach (var chunk in points.Chunk(options.BatchSize))
        {
            await client.UpsertAsync(Name, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorMath.CheckTop(top);
        var request = Query(VectorMath.PrepareVector(query.Span, Dimensions, Metric, "Query"), top, filter);
        var response = await client.QueryAsync(Name, request, cancellationToken).ConfigureAwait(false);
        return ToMatches(response);
    }

    public async Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        VectorMath.CheckTop(top);
        var requests = queries.Select((q, i) => Query(VectorMath.PrepareVector(q.Span, Dimensions, Metric, $"Query {i}"), top, filter)).ToArray();
        var results = new List<IReadOnlyList<VectorMatch>>(requests.Length);
        foreach (var chunk in requests.Chunk(options.BatchSize))
        {
            var responses = await client.QueryBatchAsync(Name, new QueryBatchRequest(chunk), cancellationToken).ConfigureAwait(false);
            if (responses.Count != chunk.Length)
            {
                throw new QdrantException($"Qdrant answered {responses.Count} result lists for {chunk.Length} queries.");
            }

            results.AddRange(responses.Select(ToMatches));
        }

        return results;
    }

    public async Task<IReadOnlyList<VectorRecord>> GetAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, VectorRecord>(StringComparer.Ordinal);
        foreach (var chunk in ids.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).Chunk(options.BatchSize))
        {
            var request = new RetrieveRequest(chunk.Select(QdrantPointIds.ToPointId).ToArray(), WithPayload: true, WithVector: true);
            foreach (var point in await client.RetrieveAsync(Name, request, cancellationToken).ConfigureAwait(false))
            {
                var record = ToRecord(point);
                found[record.Id] = record;
            }
        }

        return ids.Where(id => id is not null && found.ContainsKey(id)).Select(id => found[id]).ToArray();
    }

    public async Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var chunk in ids.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).Chunk(options.BatchSize))
        {
            await client.DeleteAsync(Name, chunk.Select(QdrantPointIds.ToPointId).ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<long> CountAsync(VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => client.CountAsync(Name, QdrantFilters.Translate(filter), cancellationToken);

    /// <summary>Has Qdrant write a collection snapshot, downloads it to <paramref name="path"/> (atomically), then deletes it on the server.</summary>
    public async Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var snapshot = await client.CreateSnapshotAsync(Name, cancellationToken).ConfigureAwait(false);
        string temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await client.DownloadSnapshotAsync(Name, snapshot.Name, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            IndexFile.TryDelete(temp);
            throw;
        }
        finally
        {
            await client.DeleteSnapshotAsync(Name, snapshot.Name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a payload index so filters on <paramref name="field"/> stay fast on large collections.</summary>
    public Task CreatePayloadIndexAsync(string field, QdrantPayloadSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return client.CreatePayloadIndexAsync(Name, field, schema, cancellationToken);
    }

    /// <summary>Deletes the whole collection on the server.</summary>
    public Task DropCollectionAsync(CancellationToken cancellationToken = default) => client.DeleteCollectionAsync(Name, cancellationToken);

    /// <summary>Every record passing <paramref name="filter"/>, page by page (Qdrant's scroll, in point-id order).</summary>
    public async IAsyncEnumerable<VectorRecord> ScrollAsync(VectorFilter? filter = null, int pageSize = 256, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var translated = QdrantFilters.Translate(filter);
        JsonElement? offset = null;
        do
        {
            var page = await client.ScrollAsync(Name, new ScrollRequest(translated, pageSize, offset, WithPayload: true, WithVector: true), cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Points)
            {
                yield return ToRecord(point);
            }

            offset = page.NextPageOffset is { ValueKind: not JsonValueKind.Null } next ? next : null;
        }
        while (offset is not null);
    }

    public ValueTask DisposeAsync()
    {
        ownedHttpClient?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static (QdrantRestClient Client, HttpClient? Owned) Connect(QdrantOptions options, string collection, HttpClient? httpClient, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        options.Validate();

        // Per-attempt timeouts are applied by the client itself, so the HttpClient's own limit must not cut in first.
        HttpClient? owned = httpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        return (new QdrantRestClient(httpClient ?? owned!, options, logger ?? NullLogger.Instance), owned);
    }

    private static (int Size, VectorMetric Metric) Describe(CollectionInfo? info, string collection)
    {
        if (info?.Config?.Params?.Vectors is not { ValueKind: JsonValueKind.Object } vectors
            || !vectors.TryGetProperty("size", out var size) || !size.TryGetInt32(out int dimensions)
            || !vectors.TryGetProperty("distance", out var distance) || QdrantRestClient.MetricOf(distance.GetString()) is not VectorMetric metric)
        {
            throw new InvalidOperationException(
                $"Qdrant collection '{collection}' does not have one unnamed vector with Cosine, Dot or Euclid distance, which this index needs.");
        }

        return (dimensions, metric);
    }

    private QueryRequest Query(float[] vector, int top, VectorFilter? filter)
        => new(vector, top, QdrantFilters.Translate(filter), WithPayload: true, options.SearchEf is int ef ? new SearchParams(ef) : null);

    private IReadOnlyList<VectorMatch> ToMatches(QueryResponse response) => response.Points
        .Select(point =>
        {
            var (id, payload) = QdrantPayloads.FromQdrant(point.Payload);
            float score = Metric == VectorMetric.Euclidean ? -point.Score : point.Score;
            return new VectorMatch(id ?? point.Id.ToString(), score, payload);
        })
        .ToArray();

    private VectorRecord ToRecord(PointRecord point)
    {
        var (id, payload) = QdrantPayloads.FromQdrant(point.Payload);
        float[] vector = point.Vector is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(v => v.GetSingle()).ToArray()
            : [];
        return new VectorRecord(id ?? point.Id.ToString(), vector, payload);
    }
}
