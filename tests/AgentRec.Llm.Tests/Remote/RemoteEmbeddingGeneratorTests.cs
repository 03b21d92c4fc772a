using System.Net;
using AgentRec.Llm.Remote;
using AgentRec.Llm.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.Remote;

public sealed class RemoteEmbeddingGeneratorTests : IDisposable
{
    private const string Model = "bge-small-en-v1.5";

    private readonly FakeOpenAIServer _server = new();
    private readonly HttpClient _httpClient;

    public RemoteEmbeddingGeneratorTests() => _httpClient = _server.CreateHttpClient();

    public void Dispose()
    {
        _httpClient.Dispose();
        _server.Dispose();
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(int? dimensions = null) =>
        RemoteModelClients.CreateEmbeddingGenerator(
            new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, EmbeddingModel = Model, EmbeddingDimensions = dimensions },
            _httpClient);

    /// <summary>Answers with these vectors in whichever encoding the request asked for, as llama-server and vLLM do.</summary>
    private void AnswerWith(params float[][] vectors) => _server.Then(request => FakeOpenAIServer.Json(
        HttpStatusCode.OK,
        OpenAIPayloads.Embeddings(Model, vectors, base64: (string?)request.Json["encoding_format"] == "base64", promptTokens: 9)));

    [Fact]
    public async Task GenerateAsync_ReturnsOneVectorPerInputWithExactValues()
    {
        float[] first = [0.25f, -1.5f, 3.0f, 1e-7f];
        float[] second = [-0.125f, 0f, 42.5f, -3.4e38f];
        AnswerWith(first, second);
        using var generator = CreateGenerator();

        var embeddings = await generator.GenerateAsync(["Blade Runner", "Gattaca"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(first, embeddings[0].Vector.ToArray());
        Assert.Equal(second, embeddings[1].Vector.ToArray());
        Assert.All(embeddings, e => Assert.Equal(4, e.Dimensions));
        Assert.Equal(9, embeddings.Usage?.InputTokenCount);

        var body = Assert.Single(_server.Requests).Json;
        Assert.Equal("/v1/embeddings", _server.Requests[0].Uri.AbsolutePath);
        Assert.Equal(Model, (string?)body["model"]);
        Assert.Equal(["Blade Runner", "Gattaca"], body["input"]!.AsArray().Select(i => (string?)i));
        Assert.False(body.ContainsKey("dimensions"));
    }

    [Fact]
    public async Task EmbeddingDimensions_IsRequestedAndReportedInMetadata()
    {
        AnswerWith([1f, 2f, 3f]);
        using var generator = CreateGenerator(dimensions: 3);

        var embeddings = await generator.GenerateAsync(["Alien"]);

        Assert.Equal([1f, 2f, 3f], Assert.Single(embeddings).Vector.ToArray());
        Assert.Equal(3, (int)Assert.Single(_server.Requests).Json["dimensions"]!);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(3, metadata.DefaultModelDimensions);
        Assert.Equal(Model, metadata.DefaultModelId);
        Assert.Equal(FakeOpenAIServer.Endpoint, metadata.ProviderUri);
    }

    [Fact]
    public async Task EmbeddingDimensions_IgnoredByTheServer_IsReportedClearly()
    {
        AnswerWith([1f, 2f, 3f, 4f]);
        using var generator = CreateGenerator(dimensions: 3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(["Alien"]));

        Assert.Contains("4-dimensional vector for input 0", error.Message);
        Assert.Contains($"'{Model}'", error.Message);
        Assert.Contains("AgentRec:Remote:EmbeddingDimensions asks for 3", error.Message);
    }

    [Fact]
    public async Task ServerError_SurfacesItsText()
    {
        _server.Then(HttpStatusCode.NotImplemented, OpenAIPayloads.Error(501, "This server does not support embeddings. Start it with `--embeddings`", "not_supported_error"));
        var generator = RemoteModelClients.CreateEmbeddingGenerator(
            new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, EmbeddingModel = Model, MaxRetries = 0 }, _httpClient);

        var error = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => generator.GenerateAsync(["Alien"]));

        Assert.Contains("Start it with `--embeddings`", error.Message);
    }

    [Fact]
    public void CreateEmbeddingGenerator_WithoutEmbeddingModel_NamesTheOption()
    {
        var options = new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, ChatModel = "chat-only" };

        var error = Assert.Throws<InvalidOperationException>(() => RemoteModelClients.CreateEmbeddingGenerator(options, _httpClient));

        Assert.Equal("AgentRec:Remote:EmbeddingModel is required to create an embedding generator.", error.Message);
    }
}
