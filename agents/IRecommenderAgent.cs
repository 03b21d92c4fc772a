using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents;

/// <summary>A conversational recommender: answers each user turn of a session with exactly one action.</summary>
public interface IRecommenderAgent
{
    /// <summary>Short name used in reports ("llm", "retrieval", "popularity").</summary>
    string Name { get; }

    /// <summary>Records <paramref name="userTurn"/> in <paramref name="session"/> and returns (and records) the agent's turn.</summary>
    Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default);
}
