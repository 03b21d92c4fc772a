namespace AgentRec.Llm.Remote;

/// <summary>
/// Where and how to reach an OpenAI-compatible inference server (llama.cpp's <c>llama-server</c>, vLLM).
/// Bound from the configuration section <see cref="SectionName"/>.
/// </summary>
public sealed class RemoteModelOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AgentRec:Remote";

    /// <summary>
    /// Sent as the bearer token when <see cref="ApiKey"/> is empty: the OpenAI client insists on a key,
    /// and llama-server / vLLM started without <c>--api-key</c> accept any.
    /// </summary>
    public const string PlaceholderApiKey = "sk-no-key-required";

    /// <summary>The API base address including the version segment, e.g. <c>http://127.0.0.1:8080/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Bearer token for servers started with <c>--api-key</c>; empty means none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model name sent with chat requests (vLLM checks it against its served names; llama-server does not).</summary>
    public string? ChatModel { get; set; }

    /// <summary>Model name sent with embedding requests.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>
    /// Network timeout of one attempt: the wait for response headers, and for streams the longest gap
    /// between two chunks. Each retry gets a fresh timeout.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after the first attempt on transient failures (408, 429, 5xx, network errors).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// Embedding size to request (sent as <c>dimensions</c>) and to expect back. Leave unset unless the model
    /// supports shortened (Matryoshka) embeddings: vLLM rejects the field for other models, and llama-server
    /// ignores it, in which case the size check reports the mismatch.
    /// </summary>
    public int? EmbeddingDimensions { get; set; }

    /// <summary>The API key to send: <see cref="ApiKey"/>, or <see cref="PlaceholderApiKey"/> when it is empty.</summary>
    public string EffectiveApiKey => string.IsNullOrWhiteSpace(ApiKey) ? PlaceholderApiKey : ApiKey;

    /// <summary>Lists every problem with these options, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();

        if (Endpoint is null)
        {
            errors.Add($"{SectionName}:{nameof(Endpoint)} is required (e.g. http://127.0.0.1:8080/v1).");
        }
        else if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{SectionName}:{nameof(Endpoint)} must be an absolute http(s) URI, got '{Endpoint.OriginalString}'.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(Timeout)} must be positive, got '{Timeout}'.");
        }

        if (MaxRetries < 0)
        {
            errors.Add($"{SectionName}:{nameof(MaxRetries)} must be zero or more, got {MaxRetries}.");
        }

        if (EmbeddingDimensions is <= 0)
        {
            errors.Add($"{SectionName}:{nameof(EmbeddingDimensions)} must be positive when set, got {EmbeddingDimensions}.");
        }

        if (string.IsNullOrWhiteSpace(ChatModel) && string.IsNullOrWhiteSpace(EmbeddingModel))
        {
            errors.Add($"{SectionName} needs {nameof(ChatModel)} or {nameof(EmbeddingModel)} (or both); neither is set.");
        }

        return errors;
    }

    /// <summary>Throws when the options are unusable; the message names every offending key and value.</summary>
    /// <exception cref="InvalidOperationException">At least one option is invalid.</exception>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
    }
}
