using System.ComponentModel;
using System.Text.Json;
using AgentRec.Llm.Batching;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Grammar;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.ChatCompletion;

/// <summary>The shared IChatClient contract, run against the local llama.cpp client.</summary>
public sealed class LlamaChatClientConformanceTests : ChatClientConformanceTests, IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModels.LlamaF32);
    private readonly LlamaInferenceEngine _engine;

    public LlamaChatClientConformanceTests()
    {
        _engine = new LlamaInferenceEngine(_model, new InferenceEngineOptions { MaxParallelSequences = 4, ContextSize = 2048, BatchSize = 128 });
    }

    protected override IChatClient CreateChatClient() => new LlamaChatClient(_engine);

    public void Dispose()
    {
        _engine.Dispose();
        _model.Dispose();
    }
}

public sealed class LlamaChatClientTests : IDisposable
{
    private const string MovieSchema = """
        {
          "type": "object",
          "properties": {
            "action": { "type": "string", "enum": ["ask", "search", "recommend"] },
            "query": { "type": "string", "maxLength": 24 },
            "item_ids": { "type": "array", "items": { "type": "integer", "minimum": 0, "maximum": 9999 }, "maxItems": 3 },
            "confident": { "type": "boolean" }
          },
          "required": ["action", "query", "item_ids", "confident"],
          "additionalProperties": false
        }
        """;

    private readonly LlamaModel _model = LlamaModel.Load(TestModels.LlamaF32);
    private readonly LlamaInferenceEngine _engine;
    private readonly LlamaChatClient _client;

    public LlamaChatClientTests()
    {
        _engine = new LlamaInferenceEngine(_model, new InferenceEngineOptions { MaxParallelSequences = 16, ContextSize = 8192, BatchSize = 256 });
        _client = new LlamaChatClient(_engine);
    }

    [Fact]
    public async Task HundredSeededJsonSchemaGenerationsAllParseAndValidate()
    {
        using var schema = JsonDocument.Parse(MovieSchema);
        var messages = new[] { new ChatMessage(ChatRole.User, "Pick an action for a user who likes sci-fi.") };

        // Sampled at temperature 1 with distinct seeds, 16 at a time through the batching engine.
        var outputs = await Task.WhenAll(Enumerable.Range(0, 100).Select(seed => _client.GetResponseAsync(messages, new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "movie_action"),
            Temperature = 1.0f,
            TopK = 0,
            TopP = 1f,
            Seed = seed,
            MaxOutputTokens = 400,
        })));

        var distinct = new HashSet<string>();
        foreach (var output in outputs)
        {
            Assert.NotEqual(ChatFinishReason.Length, output.FinishReason);
            using var parsed = JsonDocument.Parse(output.Text);
            var errors = JsonSchemaValidator.Validate(schema.RootElement, parsed.RootElement);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors)} in {output.Text}");
            distinct.Add(output.Text);
        }

        Assert.True(distinct.Count > 50, $"only {distinct.Count} distinct outputs: seeds are not reaching the sampler");
    }

    [Description("Searches the movie catalog.")]
    private static string SearchCatalog([Description("What to search for")] string query, [Description("How many results")] int limit) => $"{limit} results for {query}";

    [Fact]
    public async Task RequiredToolCallComesBackAsFunctionCallContent()
    {
        var tool = AIFunctionFactory.Create(SearchCatalog, "search_catalog");
        var response = await _client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Find me some space movies.")],
            new ChatOptions
            {
                Tools = [tool], ToolMode = ChatToolMode.RequireAny, Temperature = 0.8f, Seed = 3, MaxOutputTokens = 300,
                AdditionalProperties = new() { ["max_string_length"] = 16 },
            });

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("search_catalog", call.Name);
        Assert.NotNull(call.Arguments);
        Assert.IsType<JsonElement>(call.Arguments!["query"]);
        Assert.Equal(JsonValueKind.Number, ((JsonElement)call.Arguments["limit"]!).ValueKind);

        // The call can be sent back with its result and the conversation continues.
        var follow = await _client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Find me some space movies."), .. response.Messages,
             new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "Alien; Interstellar")])],
            new ChatOptions { Tools = [tool], Temperature = 0f, MaxOutputTokens = 8 });
        Assert.NotNull(follow.Usage);
        Assert.True(follow.Usage!.InputTokenCount > response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task StopSequencesEndTheAnswerAndAreNotEmitted()
    {
        var options = new ChatOptions { Temperature = 0f, MaxOutputTokens = 40, AdditionalProperties = new() { ["grammar"] = "root ::= \"alpha beta gamma delta\"" } };
        var full = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "Say it")], options);
        Assert.Equal("alpha beta gamma delta", full.Text);

        var stopped = options.Clone();
        stopped.StopSequences = [" gamma"];
        var streamed = new List<string>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Say it")], stopped))
        {
            streamed.Add(update.Text);
        }

        Assert.Equal("alpha beta", string.Concat(streamed));
    }

    [Fact]
    public async Task AnOverlongConversationIsRejectedWithAClearError()
    {
        var history = new ChatMessage(ChatRole.User, string.Join(' ', Enumerable.Repeat("recommend", 9000)));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync([history]));
        Assert.Contains("context holds", error.Message);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _model.Dispose();
    }
}
