using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace AgentRec.Llm.Remote;

/// <summary>
/// Creates <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> instances that talk to an
/// OpenAI-compatible server (llama-server, vLLM) through the official OpenAI SDK and Microsoft.Extensions.AI.OpenAI.
/// </summary>
/// <remarks>
/// <para>Mapped from <see cref="ChatOptions"/> by the SDK: model, temperature, top_p, max_completion_tokens, stop, seed,
/// frequency/presence penalty, tools and tool_choice, response_format (text, json_object, json_schema).</para>
/// <para>Added by AgentRec as extra body fields: <see cref="ChatOptions.TopK"/> as <c>top_k</c>; <c>max_tokens</c>
/// mirroring max_completion_tokens for older llama-server builds; and, from <see cref="ChatOptions.AdditionalProperties"/>,
/// the keys <c>top_k</c>, <c>min_p</c>, <c>typical_p</c>, <c>repeat_penalty</c>, <c>repeat_last_n</c>,
/// <c>repetition_penalty</c>. Other additional properties are not sent.</para>
/// </remarks>
public static class RemoteModelClients
{
    /// <summary>Creates a chat client for <see cref="RemoteModelOptions.ChatModel"/>.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid or name no chat model.</exception>
    public static IChatClient CreateChatClient(RemoteModelOptions options, ILoggerFactory? loggerFactory = null) =>
        BuildChatClient(options, httpClient: null, loggerFactory);

    /// <summary>
    /// Creates a chat client that sends its requests through <paramref name="httpClient"/> (its handler chain, proxy and
    /// certificates). The client's own <see cref="HttpClient.Timeout"/> still applies on top of
    /// <see cref="RemoteModelOptions.Timeout"/>; the caller keeps ownership of it.
    /// </summary>
    public static IChatClient CreateChatClient(RemoteModelOptions options, HttpClient httpClient, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return BuildChatClient(options, httpClient, loggerFactory);
    }

    /// <summary>Creates an embedding generator for <see cref="RemoteModelOptions.EmbeddingModel"/>.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid or name no embedding model.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(
        RemoteModelOptions options, ILoggerFactory? loggerFactory = null) =>
        BuildEmbeddingGenerator(options, httpClient: null, loggerFactory);

    /// <summary>Creates an embedding generator that sends its requests through <paramref name="httpClient"/>.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(
        RemoteModelOptions options, HttpClient httpClient, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return BuildEmbeddingGenerator(options, httpClient, loggerFactory);
    }

    private static IChatClient BuildChatClient(RemoteModelOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = RequireModel(options.ChatModel, nameof(RemoteModelOptions.ChatModel), "a chat client");

        var builder = CreateOpenAIClient(options, httpClient, loggerFactory).GetChatClient(model).AsIChatClient().AsBuilder();
        if (loggerFactory is not null)
        {
            // Outermost, so the log shows the options as the caller gave them.
            builder.UseLogging(loggerFactory);
        }

        builder.Use(inner => new SamplingFieldsChatClient(inner));

        if (loggerFactory is not null)
        {
            RemoteLog.ChatClientCreated(loggerFactory.CreateLogger(typeof(RemoteModelClients)), model, options.Endpoint!, options.Timeout, options.MaxRetries);
        }

        return builder.Build();
    }

    private static IEmbeddingGenerator<string, Embedding<float>> BuildEmbeddingGenerator(
        RemoteModelOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = RequireModel(options.EmbeddingModel, nameof(RemoteModelOptions.EmbeddingModel), "an embedding generator");

        var builder = CreateOpenAIClient(options, httpClient, loggerFactory)
            .GetEmbeddingClient(model)
            .AsIEmbeddingGenerator(options.EmbeddingDimensions)
            .AsBuilder();
        if (loggerFactory is not null)
        {
            builder.UseLogging(loggerFactory);
        }

        if (options.EmbeddingDimensions is int dimensions)
        {
            builder.Use(inner => new DimensionCheckingEmbeddingGenerator(inner, dimensions, model));
        }

        if (loggerFactory is not null)
        {
            RemoteLog.EmbeddingGeneratorCreated(
                loggerFactory.CreateLogger(typeof(RemoteModelClients)), model, options.Endpoint!,
                options.EmbeddingDimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "model default",
                options.Timeout, options.MaxRetries);
        }

        return builder.Build();
    }

    private static string RequireModel(string? model, string optionName, string purpose) =>
        string.IsNullOrWhiteSpace(model)
            ? throw new InvalidOperationException($"{RemoteModelOptions.SectionName}:{optionName} is required to create {purpose}.")
            : model;

    private static OpenAIClient CreateOpenAIClient(RemoteModelOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            UserAgentApplicationId = "AgentRec",
            // Per attempt; the retry policy below gives each retry a fresh budget.
            NetworkTimeout = options.Timeout,
            RetryPolicy = loggerFactory is null
                ? new ClientRetryPolicy(options.MaxRetries)
                : new ClientRetryPolicy(options.MaxRetries, enableLogging: true, loggerFactory),
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        return new OpenAIClient(new ApiKeyCredential(options.EffectiveApiKey), clientOptions);
    }
}
