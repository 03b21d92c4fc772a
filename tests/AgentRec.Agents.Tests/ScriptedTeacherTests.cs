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

    [Fact]
    public async Task RecordedTrajectoriesAreChatExamplesAndAppearOnlyWhenComplete()
    {
        var search = await AgentFixtures.SearchAsync(count: 400);
        var agent = new LlmRecommenderAgent(new ScriptedTeacherChatClient(), search, options: new LlmAgentOptions { Seed = 1, Candidates = 6, ItemsPerTurn = 3 });
        var folder = Path.Combine(Path.GetTempPath(), "agentrec-trajectories-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "sft.jsonl");
        try
        {
            using (var recorder = new TrajectoryRecorder(path))
            {
                agent.Decided += recorder.Record;
                var session = new AgentSession("s");
                await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "hello"));
                await agent.RespondAsync(session, new UserTurn(UserActionKind.RespondToClarification, "a funny comedy about a family"));
                Assert.False(File.Exists(path));
                recorder.Complete();
                agent.Decided -= recorder.Record;
                Assert.Equal(2, recorder.Written);
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var second = System.Text.Json.JsonDocument.Parse(lines[1]);
            var messages = second.RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(["system", "user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.StartsWith("Ask[", messages[2].GetProperty("content").GetString());
            Assert.StartsWith("Recommend[", messages[4].GetProperty("content").GetString());
            Assert.Equal("Recommend", second.RootElement.GetProperty("action").GetString());

            // Abandoned without Complete: nothing under the target name, no temporary left behind.
            var other = Path.Combine(folder, "abandoned.jsonl");
            using (var abandoned = new TrajectoryRecorder(other))
            {
                abandoned.Record(new AgentDecision("x", 1, [], "Ask[hi]", new AgentRec.Agents.Protocol.AgentAction(AgentActionKind.Ask, "hi", []), new AgentTurn(AgentActionKind.Ask, "hi", [])));
            }

            Assert.False(File.Exists(other));
            Assert.False(File.Exists(other + ".tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
