namespace AgentRec.Llm.Grammar;

/// <summary>One tool call read from model output.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">Argument values by name; each value is a <see cref="System.Text.Json.JsonElement"/> (detached from any document).</param>
/// <param name="RawJson">The JSON text of the call as the model wrote it (between the tags, trimmed).</param>
public sealed record ParsedToolCall(string Name, IDictionary<string, object?> Arguments, string RawJson);
