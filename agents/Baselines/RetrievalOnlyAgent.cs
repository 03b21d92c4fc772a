using AgentRec.Agents.Catalog;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Baselines;

/// <summary>No LLM: searches the catalog with everything the user has said and recommends the top items not yet shown.</summary>
public sealed class RetrievalOnlyAgent(ICatalogSearch search, int itemsPerTurn = 5) : IRecommenderAgent
{
    public string Name => "retrieval";

    public async Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.AddUserTurn(userTurn);
        var hits = await search.SearchAsync(session.UserText(), itemsPerTurn, session.ShownItems, cancellationToken: cancellationToken).ConfigureAwait(false);
        var turn = hits.Count == 0
            ? new AgentTurn(AgentActionKind.Ask, "Could you tell me more about what you are looking for?", [])
            : new AgentTurn(AgentActionKind.Recommend, AgentMessages.Recommendation(hits.Select(h => h.Item).ToList()), [.. hits.Select(h => h.Item)]);
        session.AddAgentTurn(turn);
        return turn;
    }
}
