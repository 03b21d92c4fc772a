using System.Text.Json;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Prompts;
using AgentRec.Agents.Protocol;
using AgentRec.Agents.Training;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Tests;

public sealed class TurnRewriterTests
{
    [Fact]
    public async Task OnlyTurnsBelowTheThresholdBecomePairsAndTheRewriteKeepsTheProtocol()
    {
        var catalog = await AgentFixtures.CatalogAsync();
        var items = catalog.Items.Skip(10).Take(6).ToList();
        var system = "You recommend movies.\n\n" + PromptTemplates.Render("agent-candidates", new Dictionary<string, string>
        {
            ["candidates"] = string.Join('\n', items.Select(CandidateList.Describe)),
        });
        IReadOnlyList<ChatMessage> prompt = [new(ChatRole.System, system), new(ChatRole.User, "I want a thriller with a twist")];
        var ask = new AgentAction(AgentActionKind.Ask, "What do you like?", []);
        var alreadyGood = AgentAction.Recommend([.. items.Take(3).Select(i => i.Id)]);
        ScoredDecision Scored(string session, AgentAction action, double satisfaction) => new(
            new AgentDecision(session, 1, prompt, action.ToString(), action, new AgentTurn(action.Kind, action.Text, [])),
            satisfaction, ["asked instead of recommending although the user was specific"]);

        var rewriter = new TurnRewriter(new ScriptedTeacherChatClient(itemsPerTurn: 3), new TurnRewriterOptions { Threshold = 4.0 });
        var pairs = await rewriter.BuildPairsAsync([Scored("low", ask, 2.5), Scored("high", ask, 4.5), Scored("same", alreadyGood, 1.0)]);

        var pair = Assert.Single(pairs);
        Assert.Equal("low", pair.SessionId);
        Assert.Equal(ask.ToString(), pair.Rejected);
        Assert.Equal(alreadyGood.ToString(), pair.Chosen);
        Assert.True(ActionParser.TryParse(pair.Chosen, out var chosen, out _));
        Assert.All(chosen!.ItemIds, id => Assert.Contains(id, items.Select(i => i.Id)));
        Assert.Same(prompt, pair.Prompt);

        var path = Path.Combine(Path.GetTempPath(), $"agentrec-dpo-{Guid.NewGuid():N}.jsonl");
        try
        {
            PreferencePairFile.Write(path, pairs);
            using var line = JsonDocument.Parse(Assert.Single(File.ReadAllLines(path)));
            Assert.Equal(["system", "user"], line.RootElement.GetProperty("prompt").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal(pair.Chosen, line.RootElement.GetProperty("chosen").GetString());
            Assert.Equal(pair.Rejected, line.RootElement.GetProperty("rejected").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
