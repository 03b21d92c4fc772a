namespace AgentRec.Core.Conversations;

/// <summary>
/// One user turn: the chosen action, the user's hidden reason for it (kept for analysis, never shown to
/// the agent), and the visible response text. <paramref name="Accepted"/> lists item ids the user accepts.
/// </summary>
public sealed record UserTurn(UserActionKind Action, string Response, string Reason = "", IReadOnlyList<string>? Accepted = null)
{
    public IReadOnlyList<string> AcceptedItemIds => Accepted ?? [];
}
