namespace AgentRec.Agents.Llm;

/// <summary>Counters of one agent instance, for reports (all sessions together).</summary>
public sealed record AgentStatistics(long Turns, long ParseFailures, long UnknownItemsDropped, long Searches);
