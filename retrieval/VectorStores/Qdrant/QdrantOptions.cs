namespace AgentRec.Retrieval.VectorStores;

/// <summary>Connection and collection settings for <see cref="QdrantVectorIndex"/>.</summary>
public sealed record QdrantOptions
{
    /// <summary>REST endpoint (Qdrant's HTTP port is 6333).</summary>
    public Uri Url { get; init; } = new("http://localhost:6333");

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Limit for one HTTP attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 5xx or 429 answer, a timeout or a connection failure (0 = no retry).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Points per upsert request (also ids per retrieve/delete request and queries per batch request).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>HNSW <c>m</c> for collections this client creates.</summary>
    public int HnswM { get; init; } = 16;

    /// <summary>HNSW <c>ef_construct</c> for collections this client creates.</summary>
    public int HnswEfConstruct { get; init; } = 100;

    /// <summary>Per-query <c>hnsw_ef</c>; null leaves Qdrant's default.</summary>
    public int? SearchEf { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Url);
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Qdrant Url must be an absolute http(s) address, got '{Url}'.", nameof(Url));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(HnswM, 2, nameof(HnswM));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HnswEfConstruct, nameof(HnswEfConstruct));
        if (SearchEf is int ef)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ef, nameof(SearchEf));
        }
    }
}
