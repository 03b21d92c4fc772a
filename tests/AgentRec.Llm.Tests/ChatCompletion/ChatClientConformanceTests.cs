using System.Text;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.ChatCompletion;

/// <summary>
/// The contract every AgentRec <see cref="IChatClient"/> must keep (remote server, local llama.cpp, …). A backend
/// subclasses this and supplies <see cref="CreateChatClient"/>. The tests make no assumption about what a model says,
/// only about how the answer is delivered: the same greedy request gives the same text streamed or not, the token
/// budget holds, cancellation is honoured, and metadata is exposed.
/// </summary>
public abstract class ChatClientConformanceTests
{
    /// <summary>A fresh client for one test; the test disposes it.</summary>
    protected abstract IChatClient CreateChatClient();

    /// <summary>The conversation sent by every test; override when a backend needs a different prompt shape.</summary>
    protected virtual IList<ChatMessage> CreatePrompt() =>
    [
        new(ChatRole.System, "You are a terse assistant for a film recommendation service."),
        new(ChatRole.User, "Name one classic science fiction film from the nineteen eighties."),
    ];

    /// <summary>
    /// Greedy, seeded and short, so two identical requests must give identical answers and small local models
    /// finish quickly.
    /// </summary>
    protected virtual ChatOptions CreateGreedyOptions() => new() { Temperature = 0f, Seed = 1234, MaxOutputTokens = 16 };

    [Fact]
    public async Task GetResponseAsync_ReturnsAnAssistantMessageAndUsage()
    {
        using var client = CreateChatClient();

        var response = await client.GetResponseAsync(CreatePrompt(), CreateGreedyOptions());

        Assert.Contains(response.Messages, message => message.Role == ChatRole.Assistant);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 0, $"InputTokenCount was {response.Usage.InputTokenCount}");
        Assert.NotNull(response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcatenatesToTheNonStreamingTextOfTheSameGreedyRequest()
    {
        using var client = CreateChatClient();
        var whole = await client.GetResponseAsync(CreatePrompt(), CreateGreedyOptions());

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(CreatePrompt(), CreateGreedyOptions()))
        {
            updates.Add(update);
        }

        Assert.NotEmpty(updates);
        var streamedText = new StringBuilder();
        foreach (var update in updates)
        {
            streamedText.Append(update.Text);
        }

        Assert.Equal(whole.Text, streamedText.ToString());
        Assert.Contains(updates.ToChatResponse().Messages, message => message.Role == ChatRole.Assistant);
    }

    [Fact]
    public async Task MaxOutputTokens_BoundsTheReportedOutputTokens()
    {
        using var client = CreateChatClient();
        var options = CreateGreedyOptions();
        options.MaxOutputTokens = 4;

        var response = await client.GetResponseAsync(CreatePrompt(), options);
        var streamed = await client.GetStreamingResponseAsync(CreatePrompt(), options).ToChatResponseAsync();

        // Only a client that reports usage can be held to it; the first test requires usage for the non-streamed call.
        if (response.Usage?.OutputTokenCount is long outputTokens)
        {
            Assert.InRange(outputTokens, 0, 4);
        }

        if (streamed.Usage?.OutputTokenCount is long streamedOutputTokens)
        {
            Assert.InRange(streamedOutputTokens, 0, 4);
        }
    }

    [Fact]
    public async Task GetResponseAsync_WithCancelledToken_ThrowsOperationCanceled()
    {
        using var client = CreateChatClient();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetResponseAsync(CreatePrompt(), CreateGreedyOptions(), cancellation.Token));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WithCancelledToken_ThrowsOperationCanceled()
    {
        using var client = CreateChatClient();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(CreatePrompt(), CreateGreedyOptions(), cancellation.Token))
            {
            }
        });
    }

    [Fact]
    public void GetService_ReturnsChatClientMetadata()
    {
        using var client = CreateChatClient();

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));

        Assert.False(string.IsNullOrWhiteSpace(metadata.ProviderName));
    }
}
