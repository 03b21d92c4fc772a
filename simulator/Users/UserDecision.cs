using AgentRec.Core.Conversations;

namespace AgentRec.Simulator.Users;

/// <summary>
/// A turn as the structured policy decided it: the action and accepted ids are final; the text (already
/// safe, with typos) may be rephrased by an LLM from <see cref="Draft"/>, the same text without typos.
/// </summary>
internal sealed record UserDecision(UserActionKind Action, string Response, string Reason, string Draft, IReadOnlyList<string> Accepted)
{
    public UserTurn ToTurn() => new(Action, Response, Reason, Accepted.Count > 0 ? Accepted : null);

    public UserTurn ToTurn(string reason, string response) => new(Action, response, reason, Accepted.Count > 0 ? Accepted : null);
}
