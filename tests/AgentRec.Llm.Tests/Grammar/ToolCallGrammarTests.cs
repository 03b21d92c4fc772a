using System.ComponentModel;
using System.Text.Json;
using AgentRec.Llm.Grammar;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.Grammar;

public class ToolCallGrammarTests
{
    internal static readonly AIFunctionDeclaration Search = AIFunctionFactory.CreateDeclaration(
        "search_catalog",
        "Searches the catalog for items matching a free-text query.",
        TestJson.Parse("""
            { 'type': 'object',
              'properties': {
                'query': { 'type': 'string', 'maxLength': 20 },
                'limit': { 'type': 'integer', 'minimum': 1, 'maximum': 20 },
                'genres': { 'type': 'array', 'items': { 'enum': ['drama', 'comedy'] }, 'maxItems': 2 } },
              'required': ['query'] }
            """));

    internal static readonly AIFunctionDeclaration Recommend = AIFunctionFactory.CreateDeclaration(
        "recommend",
        "Recommends catalog items by id.",
        TestJson.Parse("{ 'type': 'object', 'properties': { 'itemIds': { 'type': 'array', 'items': { 'type': 'integer', 'minimum': 1 }, 'minItems': 1, 'maxItems': 3 } }, 'required': ['itemIds'] }"));

    [Fact]
    public void Grammar_lists_tool_names_as_literal_alternatives()
    {
        string gbnf = ToolCallGrammar.Build([Search, Recommend]);
        string call = gbnf.Split('\n').Single(l => l.StartsWith("tool-call ::= ", StringComparison.Ordinal));
        Assert.Contains("\"<tool_call>\\n{\\\"name\\\": \" (\"\\\"search_catalog\\\", \\\"arguments\\\": \" search-catalog-args | \"\\\"recommend\\\", \\\"arguments\\\": \" recommend-args) \"}\\n</tool_call>\"", call);
        Assert.StartsWith("root ::= tool-call (\"\\n\" tool-call)*", gbnf);
    }

    [Fact]
    public void Grammar_accepts_calls_that_follow_the_schemas_only()
    {
        var grammar = new GbnfTestGrammar(ToolCallGrammar.Build([Search, Recommend]));
        const string search = "<tool_call>\n{\"name\": \"search_catalog\", \"arguments\": {\"query\": \"space\", \"limit\": 5}}\n</tool_call>";
        const string recommend = "<tool_call>\n{\"name\": \"recommend\", \"arguments\": {\"itemIds\": [3, 7]}}\n</tool_call>";
        Assert.True(grammar.Accepts(search));
        Assert.True(grammar.Accepts(search + "\n" + recommend));
        Assert.False(grammar.Accepts(search.Replace("search_catalog", "delete_catalog", StringComparison.Ordinal)));
        Assert.False(grammar.Accepts(search.Replace("5", "50", StringComparison.Ordinal)));
        Assert.False(grammar.Accepts(recommend.Replace("itemIds", "ids", StringComparison.Ordinal)));
        Assert.False(grammar.Accepts(search + "\nmore text"));

        var single = new GbnfTestGrammar(ToolCallGrammar.Build([Search, Recommend], allowMultiple: false));
        Assert.True(single.Accepts(search));
        Assert.False(single.Accepts(search + "\n" + recommend));
    }

    [Fact]
    public void Sampled_calls_parse_and_match_their_tool_schema()
    {
        AIFunctionDeclaration[] tools = [Search, Recommend, AIFunctionFactory.Create(Rate, "rate_item")];
        var grammar = new GbnfTestGrammar(ToolCallGrammar.Build(tools));
        var random = new Random(7);
        var names = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            string sample = grammar.Sample(random);
            Assert.StartsWith(ToolCallGrammar.TriggerText, sample);
            var result = ToolCallParser.Parse(sample);
            Assert.False(result.HasErrors, string.Join("; ", result.Errors) + " in " + sample);
            Assert.Equal("", result.Text);
            foreach (var call in result.Calls)
            {
                names.Add(call.Name);
                var tool = tools.Single(t => t.Name == call.Name);
                using var raw = JsonDocument.Parse(call.RawJson);
                var errors = JsonSchemaValidator.Validate(tool.JsonSchema, raw.RootElement.GetProperty("arguments"));
                Assert.True(errors.Count == 0, string.Join("; ", errors) + " in " + sample);
            }
        }

        Assert.Equal(3, names.Count);
    }

    [Fact]
    public void Tool_without_parameters_takes_an_empty_object()
    {
        var ping = AIFunctionFactory.Create(() => "pong", "ping");
        var grammar = new GbnfTestGrammar(ToolCallGrammar.Build([ping]));
        Assert.True(grammar.Accepts("<tool_call>\n{\"name\": \"ping\", \"arguments\": {}}\n</tool_call>"));
        Assert.False(grammar.Accepts("<tool_call>\n{\"name\": \"ping\", \"arguments\": {\"x\": 1}}\n</tool_call>"));
    }

    [Fact]
    public void Tool_without_schema_takes_any_object()
    {
        var free = AIFunctionFactory.CreateDeclaration("free", null, default);
        var grammar = new GbnfTestGrammar(ToolCallGrammar.Build([free]));
        Assert.True(grammar.Accepts("<tool_call>\n{\"name\": \"free\", \"arguments\": {\"x\": [1]}}\n</tool_call>"));
        Assert.False(grammar.Accepts("<tool_call>\n{\"name\": \"free\", \"arguments\": [1]}\n</tool_call>"));
    }

    [Fact]
    public void Bad_tool_lists_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build([]));
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build([Search, Search]));
        var bad = AIFunctionFactory.CreateDeclaration("bad", null, TestJson.Parse("{ 'type': 'object', 'properties': { 'x': { 'not': {} } } }"));
        var e = Assert.Throws<NotSupportedException>(() => ToolCallGrammar.Build([Search, bad]));
        Assert.Contains("Tool 'bad'", e.Message);
        Assert.Contains("#/properties/x", e.Message);
    }

    [Description("Rates an item.")]
    private static string Rate([Description("The item id.")] int itemId, [Description("Stars from 1 to 5.")] int stars, string? comment = null) =>
        $"{itemId}:{stars}:{comment}";
}
