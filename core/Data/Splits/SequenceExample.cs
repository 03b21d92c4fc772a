namespace AgentRec.Core.Data.Splits;

/// <summary>An evaluation example: the items a user had (oldest first, item indices) and the one to predict.</summary>
public sealed record SequenceExample(string UserId, IReadOnlyList<int> History, int Target);
