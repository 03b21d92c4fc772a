using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Small typed client over Qdrant's REST API (the Qdrant.Client package is not available here). Adds the
/// <c>api-key</c> header, applies a per-attempt timeout, retries 5xx/429 answers, timeouts and connection failures
/// with exponential backoff, writes with <c>wait=true</c>, and turns any other failure into a
/// <see cref="QdrantException"/> carrying the HTTP status and Qdrant's error text.
/// </summary>
internal sealed partial class QdrantRestClient
{
    private readonly HttpClient http;
    private readonly QdrantOptions options;
    private readonly ILogger logger;
    private readonly Uri baseUri;

    public QdrantRestClient(HttpClient http, QdrantOptions options, ILogger logger)
    {
        this.http = http;
        this.options = options;
        this.logger = logger;
        string root = options.Url.AbsoluteUri;
        baseUri = new Uri(root.EndsWith('/') ? root : root + "/");
    }

    /// <summary>GET /collections/{c}; null when the collection does not exist.</summary>
    public async Task<CollectionInfo?> GetCollectionAsync(string collection, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Collection(collection), null, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ResultAsync<CollectionInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    public Task CreateCollectionAsync(string collection, int dimensions, VectorMetric metric, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(
            HttpMethod.Put,
            Collection(collection),
            new CreateCollectionRequest(new VectorParams(dimensions, DistanceName(metric)), new HnswConfig(options.HnswM, options.HnswEfConstruct)),
            cancellationToken);

    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(HttpMethod.Delete, Collection(collection), null, cancellationToken);

    public Task UpsertAsync(string collection, IReadOnlyList<QdrantPoint> points, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(HttpMethod.Put, Collection(collection) + "/points?wait=true", new UpsertPointsRequest(points), cancellationToken);

    public async Task<QueryResponse> QueryAsync(string collection, QueryRequest request, CancellationToken cancellationToken)
        => await SendForResultAsync<QueryResponse>(HttpMethod.Post, Collection(collection) + "/points/query", request, cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("points/query");

    public async Task<List<QueryResponse>> QueryBatchAsync(string collection, QueryBatchRequest request, CancellationToken cancellationToken)
        => await SendForResultAsync<List<QueryResponse>>(HttpMethod.Post, Collection(collection) + "/points/query/batch", request, cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("points/query/batch");

    public async Task<List<PointRecord>> RetrieveAsync(string collection, RetrieveRequest request, CancellationToken cancellationToken)
        => await SendForResultAsync<List<PointRecord>>(HttpMethod.Post, Collection(collection) + "/points", request, cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("points");

    public Task DeleteAsync(string collection, IReadOnlyList<string> pointIds, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(HttpMethod.Post, Collection(collection) + "/points/delete?wait=true", new DeletePointsRequest(pointIds), cancellationToken);

    public async Task<long> CountAsync(string collection, JsonObject? filter, CancellationToken cancellationToken)
        => (await SendForResultAsync<CountResult>(HttpMethod.Post, Collection(collection) + "/points/count", new CountRequest(filter, Exact: true), cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("points/count")).Count;

    public async Task<ScrollResult> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken)
        => await SendForResultAsync<ScrollResult>(HttpMethod.Post, Collection(collection) + "/points/scroll", request, cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("points/scroll");

    public Task CreatePayloadIndexAsync(string collection, string field, QdrantPayloadSchema schema, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(
            HttpMethod.Put,
            Collection(collection) + "/index?wait=true",
            new PayloadIndexRequest(field, schema.ToString().ToLowerInvariant()),
            cancellationToken);

    public async Task<SnapshotDescription> CreateSnapshotAsync(string collection, CancellationToken cancellationToken)
        => await SendForResultAsync<SnapshotDescription>(HttpMethod.Post, Collection(collection) + "/snapshots?wait=true", null, cancellationToken).ConfigureAwait(false)
           ?? throw Malformed("snapshots");

    public async Task DownloadSnapshotAsync(string collection, string snapshotName, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Collection(collection)}/snapshots/{Uri.EscapeDataString(snapshotName)}", null, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteSnapshotAsync(string collection, string snapshotName, CancellationToken cancellationToken)
        => SendForResultAsync<JsonElement?>(HttpMethod.Delete, $"{Collection(collection)}/snapshots/{Uri.EscapeDataString(snapshotName)}", null, cancellationToken);

    /// <summary>POST /collections/{c}/snapshots/upload?priority=snapshot: replaces (or creates) the collection from a snapshot file.</summary>
    public async Task RecoverSnapshotAsync(string collection, string snapshotPath, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            Collection(collection) + "/snapshots/upload?wait=true&priority=snapshot",
            () =>
            {
                var form = new MultipartFormDataContent();
                var file = new StreamContent(File.OpenRead(snapshotPath));
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "snapshot", Path.GetFileName(snapshotPath));
                return form;
            },
            cancellationToken).ConfigureAwait(false);
    }

    internal static string DistanceName(VectorMetric metric) => metric switch
    {
        VectorMetric.Cosine => "Cosine",
        VectorMetric.DotProduct => "Dot",
        VectorMetric.Euclidean => "Euclid",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    internal static VectorMetric? MetricOf(string? distance) => distance switch
    {
        "Cosine" => VectorMetric.Cosine,
        "Dot" => VectorMetric.DotProduct,
        "Euclid" => VectorMetric.Euclidean,
        _ => null,
    };

    private static string Collection(string collection) => "collections/" + Uri.EscapeDataString(collection);

    private static QdrantException Malformed(string endpoint) => new($"Qdrant answered {endpoint} without a result.");

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private async Task<T?> SendForResultAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return await ResultAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ResultAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await response.Content.ReadFromJsonAsync<QdrantEnvelope<T>>(QdrantJson.Options, cancellationToken).ConfigureAwait(false);
            return envelope is null ? default : envelope.Result;
        }
        catch (JsonException e)
        {
            throw new QdrantException($"Qdrant answered {response.RequestMessage?.RequestUri} with JSON this client cannot read: {e.Message}", response.StatusCode, null, e);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool allowNotFound = false)
        => SendAsync(method, path, body is null ? null : () => JsonContent.Create(body, body.GetType(), options: QdrantJson.Options), cancellationToken, allowNotFound);

    /// <summary>Sends with retries; returns a successful response (or 404 when allowed), otherwise throws.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var uri = new Uri(baseUri, path);
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(options.Timeout);
                using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
                if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    request.Headers.TryAddWithoutValidation("api-key", options.ApiKey);
                }

                try
                {
                    response = await http.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"Qdrant did not answer {method} {uri} within {options.Timeout.TotalSeconds:0.###} s.", e);
                }
                catch (HttpRequestException e)
                {
                    failure = e;
                }
            }

            if (response is not null)
            {
                if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
                {
                    return response;
                }

                if (!IsTransient(response.StatusCode) || attempt >= options.MaxRetries)
                {
                    using (response)
                    {
                        throw await ErrorAsync(method, uri, response, attempt + 1, cancellationToken).ConfigureAwait(false);
                    }
                }

                LogRetry(logger, method.Method, uri, $"HTTP {(int)response.StatusCode}", attempt + 1, options.MaxRetries);
                response.Dispose();
            }
            else
            {
                if (attempt >= options.MaxRetries)
                {
                    throw new QdrantException($"Qdrant {method} {uri} failed after {attempt + 1} attempt(s): {failure!.Message}", null, null, failure);
                }

                LogRetry(logger, method.Method, uri, failure!.Message, attempt + 1, options.MaxRetries);
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        double milliseconds = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, 30_000));
    }

    private static async Task<QdrantException> ErrorAsync(HttpMethod method, Uri uri, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? serverMessage = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("error", out var error))
            {
                serverMessage = error.GetString();
            }
        }
        catch (JsonException)
        {
            // Not Qdrant's JSON envelope (a proxy's page, say): report the raw text.
        }

        serverMessage ??= text.Length > 500 ? text[..500] : text;
        string tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        return new QdrantException(
            $"Qdrant {method} {uri} failed with HTTP {(int)response.StatusCode} ({response.ReasonPhrase}){tries}: {serverMessage}",
            response.StatusCode,
            serverMessage);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant {Method} {Uri} failed ({Reason}); retry {Attempt} of {MaxRetries}")]
    private static partial void LogRetry(ILogger logger, string method, Uri uri, string reason, int attempt, int maxRetries);
}
