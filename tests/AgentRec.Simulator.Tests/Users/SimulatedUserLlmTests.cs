using AgentRec.Core.Conversations;
using AgentRec.Simulator.Tests.TestSupport;
using AgentRec.Simulator.Users;
using Microsoft.Extensions.AI;

namespace AgentRec.Simulator.Tests.Users;

public sealed class SimulatedUserLlmTests
{
    private const string Good = """{"reason": "I want something light.", "response": "Got any animated comedies for tonight?"}""";

    [Fact]
    public async Task The_llm_phrases_the_turn_with_a_json_schema_request()
    {
        var client = new FakeChatClient((_, _) => Good);
        var user = new SimulatedUser(Movies.Persona(), chatClient: client);
        UserTurn open = await user.OpenAsync();

        Assert.Equal(UserActionKind.Open, open.Action);
        Assert.Equal("Got any animated comedies for tonight?", open.Response);
        Assert.Equal("I want something light.", open.Reason);
        Assert.Equal(1, user.Statistics.Phrased);
        Assert.Equal(0, user.Statistics.Fallbacks);

        ChatOptions options = Assert.Single(client.Requests).Options!;
        var format = Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.NotNull(format.Schema);
        Assert.Equal(["reason", "response"], format.Schema!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        // The structured draft (with its facts) is what the LLM is asked to rephrase.
        string prompt = client.Requests[0].Messages[^1].Text;
        Assert.Contains("Comedy", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leaked_title_falls_back_to_the_structured_phrasing_and_is_counted()
    {
        var client = new FakeChatClient((_, _) => """{"reason": "x", "response": "Just give me toy story, thanks."}""");
        var user = new SimulatedUser(Movies.Persona(), chatClient: client);
        UserTurn open = await user.OpenAsync();

        UserTurn structured = new SimulatedUser(Movies.Persona()).Open();
        Assert.Equal(structured.Response, open.Response);
        Assert.Equal(structured.Reason, open.Reason);
        Assert.Equal(1, user.Statistics.LeakFallbacks);
        Assert.Equal(0, user.Statistics.Phrased);
    }

    [Theory]
    [InlineData("Sure! Animated comedy, please.")]
    [InlineData("""{"reason": "x"}""")]
    [InlineData("""{"reason": 3, "response": "fine"}""")]
    [InlineData("""{"reason": "x", "response": "   "}""")]
    [InlineData("[1, 2]")]
    public async Task Output_that_does_not_parse_falls_back_and_is_counted(string output)
    {
        var user = new SimulatedUser(Movies.Persona(), chatClient: new FakeChatClient((_, _) => output));
        UserTurn open = await user.OpenAsync();
        Assert.Equal(new SimulatedUser(Movies.Persona()).Open().Response, open.Response);
        Assert.Equal(1, user.Statistics.ParseFallbacks);
    }

    [Fact]
    public async Task Json_inside_a_code_fence_is_accepted()
    {
        var user = new SimulatedUser(Movies.Persona(), chatClient: new FakeChatClient((_, _) => "```json\n" + Good + "\n```"));
        Assert.Equal("Got any animated comedies for tonight?", (await user.OpenAsync()).Response);
    }

    [Fact]
    public async Task A_failing_client_falls_back_and_is_counted()
    {
        var user = new SimulatedUser(Movies.Persona(), chatClient: new FakeChatClient((_, _) => throw new HttpRequestException("down")));
        UserTurn open = await user.OpenAsync();
        Assert.Equal(UserActionKind.Open, open.Action);
        Assert.Equal(1, user.Statistics.ErrorFallbacks);
    }

    [Fact]
    public async Task The_decision_stays_structured_whatever_the_llm_says()
    {
        var statistics = new PhrasingStatistics();
        var client = new FakeChatClient((_, _) => """{"reason": "Not for me.", "response": "No thanks, keep looking."}""");
        var user = new SimulatedUser(Movies.Persona(), chatClient: client, statistics: statistics);
        await user.OpenAsync();
        UserTurn reply = await user.RespondAsync(new AgentTurn(AgentActionKind.Recommend, "Try Toy Story (1995).", [Movies.Target]));

        Assert.Equal(UserActionKind.EndConversation, reply.Action);
        Assert.Equal(["10"], reply.AcceptedItemIds);
        Assert.Equal("No thanks, keep looking.", reply.Response);
        Assert.Equal(SessionOutcome.Accepted, user.Outcome);
        Assert.Equal(2, statistics.Phrased);

        // The agent named the target; the LLM still never saw the title or id.
        Assert.All(client.Requests, request =>
            Assert.All(request.Messages, m => LeakAssert.DoesNotName(Movies.Target, m.Text)));
        Assert.Contains("(an item)", client.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_calls_are_refused_when_an_llm_is_configured()
    {
        var user = new SimulatedUser(Movies.Persona(), chatClient: new FakeChatClient((_, _) => Good));
        Assert.True(user.UsesLanguageModel);
        Assert.Throws<InvalidOperationException>(() => user.Open());
        await user.OpenAsync();
        Assert.Throws<InvalidOperationException>(() => user.Respond(new AgentTurn(AgentActionKind.Ask, "Genre?", [])));
    }

    [Fact]
    public async Task A_known_item_persona_may_let_the_llm_name_the_target()
    {
        var client = new FakeChatClient((_, _) => """{"reason": "I know what I want.", "response": "Do you have Toy Story?"}""");
        var user = new SimulatedUser(Movies.Persona() with { RevealsTarget = true }, chatClient: client);
        Assert.Equal("Do you have Toy Story?", (await user.OpenAsync()).Response);
        Assert.Equal(0, user.Statistics.LeakFallbacks);
    }
}
