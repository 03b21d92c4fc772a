namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// The simulated user's verdict on one agent turn as it happens: the session id (the agent's
/// <c>AgentSession.Id</c>, "{runId}/{userIndex}"), the 1-based agent turn, satisfaction 0–5 and the reasons.
/// ECPO joins it with the agent's own record of the turn to find the turns worth rewriting.
/// </summary>
public sealed record RatedTurn(string SessionId, int Turn, double Satisfaction, IReadOnlyList<string> Reasons);
