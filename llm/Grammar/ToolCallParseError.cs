namespace AgentRec.Llm.Grammar;

/// <summary>A tool-call block that could not be read.</summary>
/// <param name="Offset">Character offset of the block's opening tag in the parsed text.</param>
/// <param name="Message">What was wrong.</param>
/// <param name="RawText">The block's content as written.</param>
public sealed record ToolCallParseError(int Offset, string Message, string RawText);
