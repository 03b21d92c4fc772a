using System.Text.Json;
using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

public class ToolCallParserTests
{
    [Fact]
    public void Reads_a_well_formed_call()
    {
        var result = ToolCallParser.Parse("<tool_call>\n{\"name\": \"search_catalog\", \"arguments\": {\"query\": \"space opera\", \"limit\": 3}}\n</tool_call>");
        var call = Assert.Single(result.Calls);
        Assert.Equal("search_catalog", call.Name);
        Assert.Equal("space opera", ((JsonElement)call.Arguments["query"]!).GetString());
        Assert.Equal(3, ((JsonElement)call.Arguments["limit"]!).GetInt32());
        Assert.Equal("{\"name\": \"search_catalog\", \"arguments\": {\"query\": \"space opera\", \"limit\": 3}}", call.RawJson);
        Assert.Equal("", result.Text);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Reads_several_calls_and_keeps_the_text_around_them()
    {
        const string text = "Let me look.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n<tool_call>{\"name\": \"b\", \"arguments\": {\"x\": [1, 2]}}</tool_call>\nDone.";
        var result = ToolCallParser.Parse(text);
        Assert.Equal(["a", "b"], result.Calls.Select(c => c.Name));
        Assert.Equal("[1, 2]", ((JsonElement)result.Calls[1].Arguments["x"]!).GetRawText());
        Assert.Equal("Let me look.\n\n\nDone.", result.Text);
    }

    [Fact]
    public void Malformed_blocks_are_reported_not_thrown()
    {
        const string text = "<tool_call>{\"name\": \"a\", \"arguments\": {\"q\": }</tool_call> then <tool_call>{\"arguments\": {}}</tool_call> and <tool_call>[1]</tool_call> and <tool_call>{\"name\": \"ok\"}</tool_call>";
        var result = ToolCallParser.Parse(text);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("not valid JSON", result.Errors[0].Message);
        Assert.Equal(0, result.Errors[0].Offset);
        Assert.Contains("no \"name\"", result.Errors[1].Message);
        Assert.Equal(text.IndexOf("<tool_call>{\"arguments\"", StringComparison.Ordinal), result.Errors[1].Offset);
        Assert.Contains("must be a JSON object", result.Errors[2].Message);
        Assert.Equal("[1]", result.Errors[2].RawText);
        var ok = Assert.Single(result.Calls);
        Assert.Equal("ok", ok.Name);
        Assert.Empty(ok.Arguments);
        Assert.Equal("then  and  and", result.Text);
    }

    [Fact]
    public void Unclosed_last_call_is_accepted_when_its_json_is_complete()
    {
        var result = ToolCallParser.Parse("Sure.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {\"n\": 1}}\n");
        Assert.Equal("a", Assert.Single(result.Calls).Name);
        Assert.False(result.HasErrors);
        Assert.Equal("Sure.", result.Text);

        var truncated = ToolCallParser.Parse("<tool_call>\n{\"name\": \"a\", \"argu");
        var error = Assert.Single(truncated.Errors);
        Assert.Contains("not closed", error.Message);
        Assert.Empty(truncated.Calls);
    }

    [Fact]
    public void Common_variants_are_understood()
    {
        var stringArguments = ToolCallParser.Parse("<tool_call>{\"name\": \"a\", \"arguments\": \"{\\\"k\\\": true}\"}</tool_call>");
        Assert.True(((JsonElement)Assert.Single(stringArguments.Calls).Arguments["k"]!).GetBoolean());

        var parameters = ToolCallParser.Parse("<tool_call>{\"name\": \"a\", \"parameters\": {\"k\": 1}}</tool_call>");
        Assert.Equal(1, ((JsonElement)Assert.Single(parameters.Calls).Arguments["k"]!).GetInt32());

        var badArguments = ToolCallParser.Parse("<tool_call>{\"name\": \"a\", \"arguments\": 5}</tool_call>");
        Assert.Contains("must be a JSON object", Assert.Single(badArguments.Errors).Message);
    }

    [Fact]
    public void Text_without_calls_is_returned_as_is()
    {
        var result = ToolCallParser.Parse("  Just an answer about </tool_call> tags.  ");
        Assert.Empty(result.Calls);
        Assert.Empty(result.Errors);
        Assert.Equal("Just an answer about </tool_call> tags.", result.Text);
    }
}
