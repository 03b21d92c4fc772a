using AgentRec.Core.Catalog;

namespace AgentRec.Core.Conversations;

/// <summary>
/// One agent turn as the other side of the conversation sees it: the action taken, the visible message,
/// and the catalog items shown (for Recommend: the recommended items, in order). This is the only thing a
/// simulated user ever receives from an agent.
/// </summary>
public sealed record AgentTurn(AgentActionKind Action, string Message, IReadOnlyList<CatalogItem> Items)
{
    /// <summary>Ids of <see cref="Items"/>, in order.</summary>
    public IReadOnlyList<string> ItemIds => [.. Items.Select(i => i.Id)];
}
