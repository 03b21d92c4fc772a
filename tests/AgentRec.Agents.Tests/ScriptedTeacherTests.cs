using AgentRec.Agents.Llm;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Sessions;
using AgentRec.Agents.Training;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Tests;

public sealed class ScriptedTeacherTests
{
    [Fact]
    public async Task CandidateLinesRoundTripThroughThePrompt()
    {
        var catalog = await AgentFixtures.CatalogAsync();
        var items = catalog.Items.Take(5).ToList();
        var prompt = "You are ...\n\n" + PromptTemplates.Render("agent-candidates", new Dictionary<string, string>
        {
            ["candidates"] = string.Join('\n', items.Select(CandidateList.Describe)),
        });
        var parsed = CandidateList.Parse(prompt);
        Assert.Equal(items.Select(i => i.Id), parsed.Select(c => c.Id));
        Assert.Equal(items.Select(i => i.Title), parsed.Select(c => c.Title));
        Assert.Empty(CandidateList.Parse(PromptTemplates.Render("agent-candidates", new Dictionary<string, string> { ["candidates"] = "(none)" })));
    }

    [Fact]
    public async Task TheTeacherAsksFirstWhenTheUserSaidNothingThenRecommendsTheTopCandidates()
    {
        var search = await AgentFixtures.SearchAsync(count: 6583);
        var agent = new LlmRecommenderAgent(new ScriptedTeacherChatClient(itemsPerTurn: 3), search, options: new LlmAgentOptions { Seed = 4, Candidates = 8, ItemsPerTurn = 3 });
        var decisions = new List<AgentDecision>();
        agent.Decided += decisions.Add;
        var session = new AgentSession("t");

        var first = await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "Hi, recommend me something"));
        Assert.Equal(AgentActionKind.Ask, first.Action);

        var second = await agent.RespondAsync(session, new UserTurn(UserActionKind.RespondToClarification, "a star wars space adventure"));
        Assert.Equal(AgentActionKind.Recommend, second.Action);
        var listed = CandidateList.Parse(decisions[1].Prompt[0].Text);
        Assert.Equal(listed.Take(3).Select(c => c.Id), second.ItemIds);
        Assert.Contains(second.Items, i => i.Title!.Contains("Star Wars", StringComparison.OrdinalIgnoreCase));

        // The recorded output is the teacher's wire form, ready to be a fine-tuning target.
        Assert.Equal($"Recommend[{string.Join(", ", second.ItemIds)}]", decisions[1].Output);
        Assert.Equal(0, agent.Statistics.ParseFailures);
    }
}
