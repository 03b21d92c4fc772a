using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Training;

/// <summary>
/// A turn-level preference pair for DPO: the agent prompt, the rewritten action (chosen) and the original
/// action (rejected), with the satisfaction the original got.
/// </summary>
public sealed record PreferencePair(string SessionId, int Turn, IReadOnlyList<ChatMessage> Prompt, string Chosen, string Rejected, double Satisfaction);
