namespace AgentRec.Core.NextItem;

/// <summary>
/// A next-item prediction example as LLM-rec splits state it: a user's recent items (oldest first)
/// and the item that came next.
/// </summary>
public sealed record NextItemExample(
    string UserId,
    IReadOnlyList<string> HistoryItemIds,
    IReadOnlyList<string> HistoryTitles,
    string TargetItemId,
    string TargetTitle);
