using AgentRec.Llm.Remote;
using Microsoft.Extensions.Configuration;

namespace AgentRec.Llm.Tests.Remote;

public sealed class RemoteModelOptionsTests
{
    private static RemoteModelOptions Valid() => new()
    {
        Endpoint = new Uri("http://127.0.0.1:8080/v1"),
        ChatModel = "qwen2.5-0.5b-instruct",
    };

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new RemoteModelOptions();

        Assert.Equal(TimeSpan.FromSeconds(100), options.Timeout);
        Assert.Equal(2, options.MaxRetries);
        Assert.Null(options.EmbeddingDimensions);
        Assert.Equal(RemoteModelOptions.PlaceholderApiKey, options.EffectiveApiKey);
    }

    [Fact]
    public void Validate_AcceptsAMinimalLlamaServerSetup()
    {
        var options = Valid();

        options.Validate();

        Assert.Empty(options.GetValidationErrors());
    }

    [Fact]
    public void Validate_RelativeEndpoint_NamesTheKeyAndValue()
    {
        var options = Valid();
        options.Endpoint = new Uri("foo", UriKind.RelativeOrAbsolute);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("AgentRec:Remote:Endpoint must be an absolute http(s) URI, got 'foo'", error.Message);
    }

    [Fact]
    public void Validate_NonHttpEndpoint_IsRejected()
    {
        var options = Valid();
        options.Endpoint = new Uri("ftp://models.example/v1");

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("AgentRec:Remote:Endpoint must be an absolute http(s) URI, got 'ftp://models.example/v1'", error.Message);
    }

    [Fact]
    public void Validate_MissingEndpoint_SaysItIsRequired()
    {
        var options = Valid();
        options.Endpoint = null;

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("AgentRec:Remote:Endpoint is required", error.Message);
    }

    [Fact]
    public void Validate_ReportsEveryBadNumberAtOnce()
    {
        var options = Valid();
        options.Timeout = TimeSpan.Zero;
        options.MaxRetries = -1;
        options.EmbeddingDimensions = 0;

        var errors = options.GetValidationErrors();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("AgentRec:Remote:Timeout must be positive, got '00:00:00'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AgentRec:Remote:MaxRetries must be zero or more, got -1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AgentRec:Remote:EmbeddingDimensions must be positive when set, got 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WithoutAnyModel_Fails()
    {
        var options = Valid();
        options.ChatModel = " ";

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("AgentRec:Remote needs ChatModel or EmbeddingModel", error.Message);
    }

    [Fact]
    public void EffectiveApiKey_UsesTheConfiguredKeyWhenSet()
    {
        var options = Valid();
        options.ApiKey = "secret-123";

        Assert.Equal("secret-123", options.EffectiveApiKey);
    }

    [Fact]
    public void Binds_FromTheAgentRecRemoteSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentRec:Remote:Endpoint"] = "http://gpu-box:8000/v1",
                ["AgentRec:Remote:ApiKey"] = "k",
                ["AgentRec:Remote:ChatModel"] = "meta-llama/Llama-3.1-8B-Instruct",
                ["AgentRec:Remote:EmbeddingModel"] = "BAAI/bge-small-en-v1.5",
                ["AgentRec:Remote:Timeout"] = "00:00:30",
                ["AgentRec:Remote:MaxRetries"] = "5",
                ["AgentRec:Remote:EmbeddingDimensions"] = "384",
            })
            .Build();

        var options = configuration.GetSection(RemoteModelOptions.SectionName).Get<RemoteModelOptions>();

        Assert.NotNull(options);
        Assert.Equal(new Uri("http://gpu-box:8000/v1"), options.Endpoint);
        Assert.Equal("k", options.ApiKey);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", options.ChatModel);
        Assert.Equal("BAAI/bge-small-en-v1.5", options.EmbeddingModel);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(384, options.EmbeddingDimensions);
        Assert.Empty(options.GetValidationErrors());
    }

    [Fact]
    public void Binds_ABadEndpointSoValidationCanNameIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentRec:Remote:Endpoint"] = "localhost:8080",
                ["AgentRec:Remote:ChatModel"] = "m",
            })
            .Build();

        var options = configuration.GetSection(RemoteModelOptions.SectionName).Get<RemoteModelOptions>()!;

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("AgentRec:Remote:Endpoint must be an absolute http(s) URI, got 'localhost:8080'", error.Message);
    }
}
