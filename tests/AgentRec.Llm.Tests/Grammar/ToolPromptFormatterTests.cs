using AgentRec.Llm.Grammar;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Tests.Grammar;

public class ToolPromptFormatterTests
{
    [Fact]
    public void Lists_every_function_with_description_and_schema()
    {
        string prompt = ToolPromptFormatter.Format([ToolCallGrammarTests.Search, ToolCallGrammarTests.Recommend]);
        foreach (var tool in new[] { ToolCallGrammarTests.Search, ToolCallGrammarTests.Recommend })
        {
            Assert.Contains($"\"name\":\"{tool.Name}\"", prompt);
            Assert.Contains($"\"description\":\"{tool.Description}\"", prompt);
            Assert.Contains("\"parameters\":" + JsonGrammarRulesCompact(tool), prompt);
        }

        Assert.Contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"search_catalog\"", prompt);
        Assert.Contains("<tool_call>\n{\"name\": \"search_catalog\", \"arguments\": {\"query\":\"...\"}}\n</tool_call>", prompt);
    }

    [Fact]
    public void Example_call_passes_the_tool_call_grammar()
    {
        string prompt = ToolPromptFormatter.Format([ToolCallGrammarTests.Recommend]);
        int start = prompt.IndexOf("<tool_call>\n{", StringComparison.Ordinal);
        int end = prompt.IndexOf("</tool_call>", start, StringComparison.Ordinal) + "</tool_call>".Length;
        string example = prompt[start..end];
        Assert.Equal("<tool_call>\n{\"name\": \"recommend\", \"arguments\": {\"itemIds\":[1]}}\n</tool_call>", example);
        var grammar = new GbnfTestGrammar(ToolCallGrammar.Build([ToolCallGrammarTests.Recommend]));
        Assert.True(grammar.Accepts(example));
    }

    [Fact]
    public void Output_is_deterministic_and_skips_hosted_tools()
    {
        AITool[] tools = [new HostedWebSearchTool(), ToolCallGrammarTests.Search];
        string first = ToolPromptFormatter.Format(tools);
        Assert.Equal(first, ToolPromptFormatter.Format(tools));
        Assert.DoesNotContain("web_search", first, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, first.Split("\"type\":\"function\"").Length - 1);
        Assert.Equal("", ToolPromptFormatter.Format([new HostedWebSearchTool()]));
    }

    private static string JsonGrammarRulesCompact(AIFunctionDeclaration tool) =>
        System.Text.Json.JsonSerializer.Serialize(tool.JsonSchema);
}
