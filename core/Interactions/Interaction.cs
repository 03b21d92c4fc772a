namespace AgentRec.Core.Interactions;

/// <summary>One user–item event as a data file states it, before items get model indices.</summary>
public sealed record Interaction(string UserId, string ItemId, DateTimeOffset? Timestamp = null, double? Rating = null);
