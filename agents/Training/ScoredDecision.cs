using AgentRec.Agents.Llm;

namespace AgentRec.Agents.Training;

/// <summary>An agent turn with the simulated user's expectation-confirmation verdict on it (satisfaction 0–5 and reasons).</summary>
public sealed record ScoredDecision(AgentDecision Decision, double Satisfaction, IReadOnlyList<string> Reasons);
