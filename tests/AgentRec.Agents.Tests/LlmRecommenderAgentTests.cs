using AgentRec.Agents.Llm;
using AgentRec.Agents.Protocol;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;
using AgentRec.Llm.Batching;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Tests;

public sealed class LlmRecommenderAgentTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(AgentFixtures.ModelPath);
    private readonly LlamaInferenceEngine _engine;
    private readonly LlamaChatClient _client;

    public LlmRecommenderAgentTests()
    {
        _engine = new LlamaInferenceEngine(_model, new InferenceEngineOptions { MaxParallelSequences = 8, ContextSize = 8 * 2048, BatchSize = 512 });
        _client = new LlamaChatClient(_engine);
    }

    [Fact]
    public async Task GrammarConstrainedOutputAlwaysParsesAndNamesOnlyCandidates()
    {
        string[] candidates = ["100043", "100070", "100026", "100030"];
        var grammar = ActionGrammar.Build(candidates, 3);
        var messages = new[] { new ChatMessage(ChatRole.User, "I want a funny time-travel movie.") };
        var outputs = await Task.WhenAll(Enumerable.Range(0, 60).Select(seed => _client.GetResponseAsync(messages, new ChatOptions
        {
            Temperature = 1f, TopK = 0, TopP = 1f, Seed = seed, MaxOutputTokens = 400,
            AdditionalProperties = new() { ["grammar"] = grammar, ["max_string_length"] = 40 },
        })));

        var kinds = new HashSet<AgentActionKind>();
        foreach (var output in outputs)
        {
            Assert.True(ActionParser.TryParse(output.Text, out var action, out var error), $"{error}: {output.Text}");
            Assert.All(action.ItemIds, id => Assert.Contains(id, candidates));
            kinds.Add(action.Kind);
        }

        // Seeds reach the sampler: a random-weight model under the grammar picks more than one action kind.
        Assert.True(kinds.Count >= 2, $"only {string.Join(",", kinds)}");
    }

    [Fact]
    public async Task SessionsOnlyEverShowCatalogItemsAndNeverRepeatThem()
    {
        var search = await AgentFixtures.SearchAsync();
        var agent = new LlmRecommenderAgent(_client, search, options: new LlmAgentOptions { Seed = 3, MaxOutputTokens = 64, Candidates = 8, ItemsPerTurn = 3 });
        string[] said = ["Looking for a comedy with romance.", "Something newer please.", "Maybe an action thriller instead."];
        var sessions = await Task.WhenAll(Enumerable.Range(0, 12).Select(async s =>
        {
            var session = new AgentSession("s" + s);
            foreach (var text in said)
            {
                await agent.RespondAsync(session, new UserTurn(UserActionKind.RespondToClarification, text));
            }

            return session;
        }));

        Assert.Equal(0, agent.Statistics.ParseFailures);
        Assert.Equal(0, agent.Statistics.UnknownItemsDropped);
        Assert.Equal(36, agent.Statistics.Turns);
        foreach (var session in sessions)
        {
            Assert.Equal(3, session.AgentTurns.Count);
            var shown = session.AgentTurns.SelectMany(t => t.ItemIds).ToList();
            Assert.All(shown, id => Assert.True(search.Catalog.Contains(id), $"unknown item {id}"));
            Assert.Equal(shown.Count, shown.Distinct().Count());
            Assert.All(session.AgentTurns, t => Assert.False(string.IsNullOrWhiteSpace(t.Message)));

            // At least MinItemsPerRecommend (3) items per Recommend, named by the model under the grammar.
            Assert.All(session.AgentTurns.Where(t => t.Action == AgentActionKind.Recommend), t => Assert.Equal(3, t.ItemIds.Count));
        }
    }

    [Fact]
    public async Task SameSeedGivesTheSameConversation()
    {
        var search = await AgentFixtures.SearchAsync();
        async Task<string> Run(AgentSession session)
        {
            var agent = new LlmRecommenderAgent(_client, search, options: new LlmAgentOptions { Seed = 11, MaxOutputTokens = 48 });
            var first = await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "A scary movie for tonight?"));
            var second = await agent.RespondAsync(session, new UserTurn(UserActionKind.ProvideFeedbackOnRecommendation, "Less gore."));
            return first.Action + first.Message + "|" + second.Action + second.Message;
        }

        string same = await Run(new AgentSession("same"));
        Assert.Equal(same, await Run(new AgentSession("same")));

        // Sampling follows the session's sampling key, not its name: a simulation's runs differ in name only.
        Assert.Equal(same, await Run(new AgentSession("run-b/0") { SamplingKey = "same" }));
        var others = new List<string>();
        for (int k = 0; k < 4; k++)
        {
            others.Add(await Run(new AgentSession("same") { SamplingKey = "other-" + k }));
        }

        Assert.Contains(others, o => o != same);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _model.Dispose();
    }
}

public sealed class LlmAgentStreamingTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(AgentFixtures.ModelPath);
    private readonly LlamaInferenceEngine _engine;
    private readonly LlamaChatClient _client;

    public LlmAgentStreamingTests()
    {
        _engine = new LlamaInferenceEngine(_model, new InferenceEngineOptions { MaxParallelSequences = 4, ContextSize = 4 * 2048, BatchSize = 512 });
        _client = new LlamaChatClient(_engine);
    }

    [Fact]
    public async Task EveryTurnIsReportedWithItsPromptOutputAndResult()
    {
        var search = await AgentFixtures.SearchAsync();
        var agent = new LlmRecommenderAgent(_client, search, options: new LlmAgentOptions { Seed = 2, MaxOutputTokens = 48, Candidates = 6, ItemsPerTurn = 3 });
        var decisions = new List<AgentDecision>();
        agent.Decided += decisions.Add;
        var session = new AgentSession("d");
        string[] said = ["A scary movie for tonight.", "Not too gory."];
        foreach (var text in said)
        {
            await agent.RespondAsync(session, new UserTurn(UserActionKind.RespondToClarification, text));
        }

        Assert.Equal([1, 2], decisions.Select(d => d.Turn));
        Assert.All(decisions, d => Assert.Equal("d", d.SessionId));
        for (int i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            Assert.Same(session.AgentTurns[i], decision.Result);
            Assert.Equal(ChatRole.System, decision.Prompt[0].Role);
            Assert.Equal(said[i], decision.Prompt[^1].Text);
            Assert.Equal(2 * i + 2, decision.Prompt.Count); // system, then user/assistant pairs, then this user turn
            Assert.NotNull(decision.Action);
            Assert.Equal(decision.Action!.ToString(), ActionParser.Parse(decision.Output).ToString());
            Assert.Equal(decision.Action.Kind, decision.Result.Action);
        }
    }

    [Fact]
    public async Task StreamedTextAddsUpToTheTurnAndTheConversationMatchesTheUnstreamedOne()
    {
        var search = await AgentFixtures.SearchAsync();
        string[] said = ["Looking for a comedy with romance.", "Something newer please.", "Maybe an action thriller instead."];
        int textTurns = 0, streamedTurns = 0;
        for (int seed = 0; seed < 6; seed++)
        {
            var options = new LlmAgentOptions { Seed = seed, MaxOutputTokens = 48, Candidates = 8, ItemsPerTurn = 3 };
            var plain = new LlmRecommenderAgent(_client, search, options: options);
            var streaming = new LlmRecommenderAgent(_client, search, options: options);
            var plainSession = new AgentSession("p");
            var streamSession = new AgentSession("p");
            foreach (var text in said)
            {
                var expected = await plain.RespondAsync(plainSession, new UserTurn(UserActionKind.RespondToClarification, text));
                var updates = new List<AgentTurnUpdate>();
                await foreach (var update in streaming.RespondStreamingAsync(streamSession, new UserTurn(UserActionKind.RespondToClarification, text)))
                {
                    updates.Add(update);
                }

                var turn = Assert.Single(updates, u => u.Turn is not null).Turn!;
                Assert.Same(turn, updates[^1].Turn);
                Assert.Equal(turn.Message, string.Concat(updates.Select(u => u.TextDelta)));
                Assert.Equal(expected.Action, turn.Action);
                Assert.Equal(expected.Message, turn.Message);
                Assert.Equal(expected.ItemIds, turn.ItemIds);
                if (turn.Action is AgentActionKind.Ask or AgentActionKind.Response)
                {
                    textTurns++;
                    streamedTurns += updates.Count > 2 ? 1 : 0; // the text came in pieces before the end
                }
            }
        }

        Assert.True(textTurns > 0, "no Ask/Response turn in 18 turns: the test did not exercise streaming");
        Assert.Equal(textTurns, streamedTurns);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _model.Dispose();
    }
}
