using AgentRec.Agents.Protocol;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Tests;

public sealed class ActionParserTests
{
    [Theory]
    [InlineData("Ask[What genre do you like?]", AgentActionKind.Ask, "What genre do you like?")]
    [InlineData("  Search[space opera]\n", AgentActionKind.Search, "space opera")]
    [InlineData("Response[Happy to help.]", AgentActionKind.Response, "Happy to help.")]
    [InlineData("{\"action\": \"ask\", \"text\": \"Any favourite actor?\", \"item_ids\": []}", AgentActionKind.Ask, "Any favourite actor?")]
    public void ParsesTextActions(string output, AgentActionKind kind, string text)
    {
        var action = ActionParser.Parse(output);
        Assert.Equal(kind, action.Kind);
        Assert.Equal(text, action.Text);
        Assert.Empty(action.ItemIds);
    }

    [Theory]
    [InlineData("Recommend[12, 40,7]")]
    [InlineData("{\"action\": \"recommend\", \"text\": \"\", \"item_ids\": [\"12\", \"40\", \"7\"]}")]
    public void ParsesRecommendIdsInOrder(string output)
    {
        var action = ActionParser.Parse(output);
        Assert.Equal(AgentActionKind.Recommend, action.Kind);
        Assert.Equal(["12", "40", "7"], action.ItemIds);
        Assert.Equal("Recommend[12, 40, 7]", action.ToString());
    }

    [Theory]
    [InlineData("Recommend me something", "expected Kind[...]")]
    [InlineData("Suggest[a film]", "unknown action 'Suggest'")]
    [InlineData("Recommend[]", "names no item")]
    [InlineData("Ask[   ]", "Ask has no text")]
    [InlineData("{\"action\": \"dance\"}", "JSON action needs")]
    [InlineData("{\"action\": ", "invalid JSON")]
    public void RejectsMalformedOutputNamingTheProblem(string output, string expected)
    {
        Assert.False(ActionParser.TryParse(output, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void GrammarRefusesIdsThatWouldBreakTheWireForm()
    {
        var error = Assert.Throws<ArgumentException>(() => ActionGrammar.Build(["1", "a,b"], 3));
        Assert.Contains("'a,b'", error.Message);
    }

    [Fact]
    public void GrammarAsksForAtLeastTheFewestIdsTheCandidatesAllow()
    {
        Assert.Contains("recommend ::= \"Recommend[\" id (\", \" id){2,4} \"]\"", ActionGrammar.Build(["1", "2", "3", "4", "5", "6"], 5, minItems: 3));
        Assert.Contains("(\", \" id){1,4}", ActionGrammar.Build(["1", "2"], 5, minItems: 3));
        Assert.Contains("(\", \" id){0,2}", ActionGrammar.Build(["1", "2"], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActionGrammar.Build(["1"], 2, minItems: 3));
    }

    [Fact]
    public void GrammarWithoutCandidatesOffersNoRecommend()
    {
        var grammar = ActionGrammar.Build([], 3);
        Assert.DoesNotContain("recommend", grammar.Split('\n')[0]);
        Assert.Throws<ArgumentException>(() => ActionGrammar.Build([], 3, new HashSet<AgentActionKind> { AgentActionKind.Recommend }));
    }
}

public sealed class TruncationRepairTests
{
    [Theory]
    [InlineData("Ask[What kind of mo", "Ask[What kind of mo]")]
    [InlineData("Recommend[12, 40, 7", "Recommend[12, 40]")]
    [InlineData("Recommend[12", "Recommend[12")]
    [InlineData("Response[done]", "Response[done]")]
    public void ClosesActionsCutByTheTokenLimit(string output, string expected) =>
        Assert.Equal(expected, AgentRec.Agents.Llm.LlmRecommenderAgent.CloseTruncated(output));
}
