using System.ClientModel;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentRec.Llm.Remote;
using AgentRec.Llm.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace AgentRec.Llm.Tests.Remote;

public sealed class RemoteChatClientTests : IDisposable
{
    private const string Model = "qwen2.5-0.5b-instruct";

    private readonly FakeOpenAIServer _server = new();
    private readonly HttpClient _httpClient;

    public RemoteChatClientTests() => _httpClient = _server.CreateHttpClient();

    public void Dispose()
    {
        _httpClient.Dispose();
        _server.Dispose();
    }

    private IChatClient CreateClient(Action<RemoteModelOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, ChatModel = Model };
        configure?.Invoke(options);
        return RemoteModelClients.CreateChatClient(options, _httpClient, loggerFactory);
    }

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You recommend films from the catalog."),
        new(ChatRole.User, "Something like Blade Runner, please."),
    ];

    private FakeOpenAIServer AnswerWithText(string text = "Try Gattaca.", int promptTokens = 21, int completionTokens = 4) =>
        _server.Then(HttpStatusCode.OK, OpenAIPayloads.ChatCompletion(Model, text, promptTokens, completionTokens));

    [Fact]
    public async Task Request_CarriesModelMessagesAndSamplingSettings()
    {
        AnswerWithText();
        using var client = CreateClient();
        using var typicalP = JsonDocument.Parse("0.95"); // how values arrive from configuration or Semantic Kernel settings

        await client.GetResponseAsync(Conversation(), new ChatOptions
        {
            Temperature = 0.25f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 64,
            StopSequences = ["\nUser:"],
            Seed = 7,
            AdditionalProperties = new() { ["min_p"] = 0.05, ["repeat_penalty"] = 1.1f, ["typical_p"] = typicalP.RootElement, ["not_a_sampler"] = 1 },
        });

        var request = Assert.Single(_server.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/chat/completions", request.Uri.AbsolutePath);
        var body = request.Json;
        Assert.Equal(Model, (string?)body["model"]);
        Assert.Equal(["system", "user"], body["messages"]!.AsArray().Select(m => (string?)m!["role"]));
        Assert.Equal("Something like Blade Runner, please.", (string?)body["messages"]![1]!["content"]);
        Assert.Equal(0.25, (double)body["temperature"]!, 5);
        Assert.Equal(0.9, (double)body["top_p"]!, 5);
        Assert.Equal(40, (int)body["top_k"]!);
        Assert.Equal(64, (int)body["max_completion_tokens"]!);
        Assert.Equal(64, (int)body["max_tokens"]!);
        Assert.Equal(["\nUser:"], body["stop"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(7, (long)body["seed"]!);
        Assert.Equal(0.05, (double)body["min_p"]!, 5);
        Assert.Equal(1.1, (double)body["repeat_penalty"]!, 5);
        Assert.Equal(0.95, (double)body["typical_p"]!, 5);
        Assert.False(body.ContainsKey("not_a_sampler"));
        Assert.False(body.ContainsKey("stream"));
    }

    [Fact]
    public async Task Request_WithoutOptions_SendsOnlyModelAndMessages()
    {
        AnswerWithText();
        using var client = CreateClient();

        await client.GetResponseAsync(Conversation());

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal(["messages", "model"], body.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Request_CarriesToolsAsOpenAIFunctions()
    {
        AnswerWithText();
        using var client = CreateClient();
        var searchCatalog = AIFunctionFactory.Create(
            (string genre, int count) => $"{count} {genre} films", "search_catalog", "Searches the film catalog by genre.");

        await client.GetResponseAsync(Conversation(), new ChatOptions { Tools = [searchCatalog] });

        var body = Assert.Single(_server.Requests).Json;
        var tool = Assert.Single(body["tools"]!.AsArray())!;
        Assert.Equal("function", (string?)tool["type"]);
        Assert.Equal("search_catalog", (string?)tool["function"]!["name"]);
        Assert.Equal("Searches the film catalog by genre.", (string?)tool["function"]!["description"]);
        var parameters = tool["function"]!["parameters"]!;
        Assert.Equal("string", (string?)parameters["properties"]!["genre"]!["type"]);
        Assert.Equal("integer", (string?)parameters["properties"]!["count"]!["type"]);
        Assert.Equal(["genre", "count"], parameters["required"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task Request_CarriesAJsonSchemaResponseFormat()
    {
        AnswerWithText("""{"item_id":"m-42","reason":"noir sci-fi"}""");
        using var client = CreateClient();
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"item_id":{"type":"string"},"reason":{"type":"string"}},"required":["item_id","reason"]}
            """);

        var response = await client.GetResponseAsync(Conversation(), new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "recommendation", "One catalog item and why."),
        });

        var format = Assert.Single(_server.Requests).Json["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("recommendation", (string?)format["json_schema"]!["name"]);
        Assert.Equal("One catalog item and why.", (string?)format["json_schema"]!["description"]);
        var sentSchema = format["json_schema"]!["schema"]!;
        Assert.Equal("object", (string?)sentSchema["type"]);
        Assert.Equal("string", (string?)sentSchema["properties"]!["item_id"]!["type"]);
        Assert.Equal("m-42", JsonDocument.Parse(response.Text).RootElement.GetProperty("item_id").GetString());
    }

    [Fact]
    public async Task Request_SendsTheConfiguredApiKeyAsBearerToken()
    {
        AnswerWithText();
        using var client = CreateClient(o => o.ApiKey = "secret-123");

        await client.GetResponseAsync(Conversation());

        Assert.Equal("Bearer secret-123", Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task Request_WithoutApiKey_SendsThePlaceholder()
    {
        AnswerWithText();
        using var client = CreateClient();

        await client.GetResponseAsync(Conversation());

        Assert.Equal($"Bearer {RemoteModelOptions.PlaceholderApiKey}", Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task Request_LeavesTheCallersOptionsUntouched()
    {
        AnswerWithText();
        using var client = CreateClient();
        var options = new ChatOptions { TopK = 20, MaxOutputTokens = 8 };

        await client.GetResponseAsync(Conversation(), options);

        Assert.Null(options.RawRepresentationFactory);
        Assert.Equal(20, options.TopK);
        Assert.Equal(20, (int)Assert.Single(_server.Requests).Json["top_k"]!);
    }

    [Fact]
    public async Task Request_KeepsWhatTheCallersOwnRawOptionsSet()
    {
        AnswerWithText();
        using var client = CreateClient();
        var options = new ChatOptions
        {
            TopK = 40,
            RawRepresentationFactory = _ =>
            {
                var raw = new ChatCompletionOptions { EndUserId = "user-17" };
#pragma warning disable SCME0001 // Experimental JsonPatch: the caller-side extension point this test exercises.
                raw.Patch.Set("$.top_k"u8, 5);
#pragma warning restore SCME0001
                return raw;
            },
        };

        await client.GetResponseAsync(Conversation(), options);

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal(5, (int)body["top_k"]!);
        Assert.Equal("user-17", (string?)body["user"]);
    }

    [Fact]
    public async Task Request_WithANonScalarSamplerValue_FailsBeforeSending()
    {
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(
            Conversation(), new ChatOptions { AdditionalProperties = new() { ["min_p"] = new[] { 0.1 } } }));

        Assert.Contains("AdditionalProperties['min_p']", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_ReturnsTextUsageAndFinishReason()
    {
        AnswerWithText("Try Gattaca (1997).", promptTokens: 31, completionTokens: 7);
        using var client = CreateClient();

        var response = await client.GetResponseAsync(Conversation());

        Assert.Equal("Try Gattaca (1997).", response.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(31, response.Usage.InputTokenCount);
        Assert.Equal(7, response.Usage.OutputTokenCount);
        Assert.Equal(38, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcatenatesServerSentChunks()
    {
        _server.Then(_ => FakeOpenAIServer.EventStream(
        [
            OpenAIPayloads.ContentChunk(Model, string.Empty, role: "assistant"),
            OpenAIPayloads.ContentChunk(Model, "Blade"),
            OpenAIPayloads.ContentChunk(Model, " Runner"),
            OpenAIPayloads.ContentChunk(Model, " 2049"),
            OpenAIPayloads.Chunk(Model, [], "stop"),
            OpenAIPayloads.UsageChunk(Model, 12, 3),
        ]));
        using var client = CreateClient();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation()))
        {
            updates.Add(update);
        }

        Assert.Equal(["Blade", " Runner", " 2049"], updates.Select(u => u.Text).Where(t => t.Length > 0));
        var response = updates.ToChatResponse();
        Assert.Equal("Blade Runner 2049", response.Text);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        var body = Assert.Single(_server.Requests).Json;
        Assert.True((bool)body["stream"]!);
        Assert.True((bool)body["stream_options"]!["include_usage"]!);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallBecomesFunctionCallContent()
    {
        _server.Then(HttpStatusCode.OK, OpenAIPayloads.ChatCompletion(
            Model, content: null, promptTokens: 40, completionTokens: 15, finishReason: "tool_calls",
            toolCalls: [OpenAIPayloads.ToolCall("call_1", "search_catalog", """{"genre":"sci-fi","count":3}""")]));
        using var client = CreateClient();

        var response = await client.GetResponseAsync(Conversation());

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        AssertSearchCall(call);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallArgumentsSplitAcrossChunksAreJoined()
    {
        static JsonObject ToolDelta(JsonObject function, string? id = null)
        {
            var call = new JsonObject { ["index"] = 0 };
            if (id is not null)
            {
                call["id"] = id;
                call["type"] = "function";
            }

            call["function"] = function;
            return new JsonObject { ["tool_calls"] = new JsonArray(call) };
        }

        _server.Then(_ => FakeOpenAIServer.EventStream(
        [
            OpenAIPayloads.Chunk(Model, new JsonObject { ["role"] = "assistant", ["content"] = null }),
            OpenAIPayloads.Chunk(Model, ToolDelta(new JsonObject { ["name"] = "search_catalog", ["arguments"] = "" }, id: "call_1")),
            OpenAIPayloads.Chunk(Model, ToolDelta(new JsonObject { ["arguments"] = """{"genre":""" })),
            OpenAIPayloads.Chunk(Model, ToolDelta(new JsonObject { ["arguments"] = "\"sci-fi\",\"cou" })),
            OpenAIPayloads.Chunk(Model, ToolDelta(new JsonObject { ["arguments"] = "nt\":3}" })),
            OpenAIPayloads.Chunk(Model, [], "tool_calls"),
            OpenAIPayloads.UsageChunk(Model, 40, 15),
        ]));
        using var client = CreateClient();

        var response = await client.GetStreamingResponseAsync(Conversation()).ToChatResponseAsync();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        AssertSearchCall(call);
        Assert.Equal(15, response.Usage?.OutputTokenCount);
    }

    private static void AssertSearchCall(FunctionCallContent call)
    {
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("search_catalog", call.Name);
        Assert.NotNull(call.Arguments);
        Assert.Equal(2, call.Arguments.Count);
        Assert.Equal("sci-fi", call.Arguments["genre"]?.ToString());
        Assert.Equal(3, Assert.IsType<JsonElement>(call.Arguments["count"]).GetInt32());
    }

    [Fact]
    public async Task ServiceUnavailable_IsRetriedThenSucceeds()
    {
        _server.Then(HttpStatusCode.ServiceUnavailable, OpenAIPayloads.Error(503, "Loading model", "unavailable_error"));
        AnswerWithText("Try Gattaca.");
        using var client = CreateClient(o => o.MaxRetries = 1);

        var response = await client.GetResponseAsync(Conversation());

        Assert.Equal("Try Gattaca.", response.Text);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(_server.Requests[0].Body, _server.Requests[1].Body);
    }

    [Fact]
    public async Task ServiceUnavailable_WithRetriesOff_SurfacesAtOnce()
    {
        _server.Then(HttpStatusCode.ServiceUnavailable, OpenAIPayloads.Error(503, "Loading model", "unavailable_error"));
        using var client = CreateClient(o => o.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(Conversation()));

        Assert.Equal(503, error.Status);
        Assert.Contains("Loading model", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task BadRequest_SurfacesTheServersErrorText()
    {
        const string serverMessage = "the request exceeds the available context size, try increasing it";
        _server.Then(HttpStatusCode.BadRequest, OpenAIPayloads.Error(400, serverMessage, "exceed_context_size_error"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(Conversation()));

        Assert.Equal(400, error.Status);
        Assert.Contains(serverMessage, error.Message);
        Assert.Single(_server.Requests); // a client error is not retried
    }

    [Fact]
    public async Task BadRequest_WhenStreaming_SurfacesTheServersErrorText()
    {
        _server.Then(HttpStatusCode.BadRequest, OpenAIPayloads.Error(400, "tools param requires --jinja flag", "invalid_request_error"));
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Conversation()))
            {
            }
        });

        Assert.Contains("tools param requires --jinja flag", error.Message);
    }

    [Fact]
    public async Task SilentServer_TimesOutAfterTheConfiguredTimeout()
    {
        _server.ThenHang();
        using var client = CreateClient(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetries = 0;
        });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Conversation()));

        Assert.Contains("timeout", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GetService_ExposesEndpointAndModel()
    {
        using var client = CreateClient();

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(FakeOpenAIServer.Endpoint, metadata.ProviderUri);
        Assert.Equal(Model, metadata.DefaultModelId);
    }

    [Fact]
    public void CreateChatClient_WithoutChatModel_NamesTheOption()
    {
        var options = new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, EmbeddingModel = "bge-small" };

        var error = Assert.Throws<InvalidOperationException>(() => RemoteModelClients.CreateChatClient(options, _httpClient));

        Assert.Equal("AgentRec:Remote:ChatModel is required to create a chat client.", error.Message);
    }

    [Fact]
    public void CreateChatClient_WithInvalidOptions_Throws()
    {
        var options = new RemoteModelOptions { Endpoint = new Uri("/v1", UriKind.Relative), ChatModel = Model };

        var error = Assert.Throws<InvalidOperationException>(() => RemoteModelClients.CreateChatClient(options));

        Assert.Contains("AgentRec:Remote:Endpoint must be an absolute http(s) URI, got '/v1'", error.Message);
    }

    [Fact]
    public async Task Logging_RecordsTheCallButNeverTheApiKey()
    {
        AnswerWithText();
        var loggerFactory = new RecordingLoggerFactory();
        using var client = CreateClient(o => o.ApiKey = "secret-xyz", loggerFactory);

        await client.GetResponseAsync(Conversation());

        var entries = loggerFactory.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.Contains($"'{Model}'", StringComparison.Ordinal)
            && e.Message.Contains(FakeOpenAIServer.Endpoint.ToString(), StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("Blade Runner", StringComparison.Ordinal)); // trace-level content
        Assert.DoesNotContain(entries, e => e.Message.Contains("secret-xyz", StringComparison.Ordinal));
    }
}
