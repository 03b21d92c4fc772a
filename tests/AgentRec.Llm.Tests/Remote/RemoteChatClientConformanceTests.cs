using AgentRec.Llm.Remote;
using AgentRec.Llm.Tests.ChatCompletion;
using AgentRec.Llm.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.Remote;

/// <summary>The shared chat-client contract, run against the remote client talking to the deterministic echo server.</summary>
public sealed class RemoteChatClientConformanceTests : ChatClientConformanceTests, IDisposable
{
    private readonly FakeOpenAIServer _server = new(EchoCompletionModel.Respond);
    private readonly HttpClient _httpClient;

    public RemoteChatClientConformanceTests() => _httpClient = _server.CreateHttpClient();

    protected override IChatClient CreateChatClient() => RemoteModelClients.CreateChatClient(
        new RemoteModelOptions { Endpoint = FakeOpenAIServer.Endpoint, ChatModel = "echo" }, _httpClient);

    public void Dispose()
    {
        _httpClient.Dispose();
        _server.Dispose();
    }
}
