using AgentRec.Agents.Catalog;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Baselines;

/// <summary>Ignores what the user says: recommends the most popular items not yet shown (a floor for every report).</summary>
public sealed class PopularityAgent(PopularityRecommender popularity, int itemsPerTurn = 5) : IRecommenderAgent
{
    public string Name => "popularity";

    public async Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.AddUserTurn(userTurn);
        var hits = await popularity.RecommendAsync(session.KnownHistory, itemsPerTurn, session.ShownItems, cancellationToken).ConfigureAwait(false);
        var items = hits.Select(h => h.Item).ToList();
        var turn = new AgentTurn(AgentActionKind.Recommend, AgentMessages.Recommendation(items), items);
        session.AddAgentTurn(turn);
        return turn;
    }
}
