using AgentRec.Agents.Protocol;
using AgentRec.Core.Conversations;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Llm;

/// <summary>
/// One LLM-agent turn as a training example: the messages the model saw, the text it wrote (closed if it was
/// cut by the token limit), the action parsed from it (null when it did not parse) and the turn that resulted.
/// </summary>
/// <param name="Turn">1-based agent turn number within the session.</param>
public sealed record AgentDecision(string SessionId, int Turn, IReadOnlyList<ChatMessage> Prompt, string Output, AgentAction? Action, AgentTurn Result);
