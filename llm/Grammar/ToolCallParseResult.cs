namespace AgentRec.Llm.Grammar;

/// <summary>What <see cref="ToolCallParser.Parse"/> found in a model's output.</summary>
/// <param name="Calls">Well-formed tool calls, in order of appearance.</param>
/// <param name="Text">The text outside the tool-call blocks, trimmed.</param>
/// <param name="Errors">Malformed blocks; the caller decides whether to retry, ignore or fail.</param>
public sealed record ToolCallParseResult(IReadOnlyList<ParsedToolCall> Calls, string Text, IReadOnlyList<ToolCallParseError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}
