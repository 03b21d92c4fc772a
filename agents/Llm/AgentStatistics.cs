namespace AgentRec.Agents.Llm;

/// <summary>Counters of one agent instance, for reports (all sessions together).</summary>
/// <param name="ItemsFilledIn">Items added to Recommends the model left short (repeated ids), from the best candidates.</param>
public sealed record AgentStatistics(long Turns, long ParseFailures, long UnknownItemsDropped, long Searches, long ItemsFilledIn = 0);
