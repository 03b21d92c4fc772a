using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents;

/// <summary>
/// One piece of a streamed agent turn. <see cref="TextDelta"/>s concatenated are what the user sees; the last
/// update carries the finished <see cref="Turn"/> (already recorded in the session) and any text not yet sent.
/// </summary>
public sealed record AgentTurnUpdate(string TextDelta, AgentTurn? Turn = null);

/// <summary>An agent that can show its visible text while the model is still writing it.</summary>
public interface IStreamingRecommenderAgent : IRecommenderAgent
{
    /// <summary>
    /// Like <see cref="IRecommenderAgent.RespondAsync"/>, streamed. The text of an <c>Ask</c>/<c>Response</c>
    /// arrives as the model writes it; search results and recommendations arrive whole at the end. If streamed
    /// text had to be replaced (the output could not be used), the replacement follows on a new line.
    /// </summary>
    IAsyncEnumerable<AgentTurnUpdate> RespondStreamingAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default);
}
