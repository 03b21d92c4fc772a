using AgentRec.Agents.Catalog;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Baselines;

/// <summary>
/// Ignores what the user says: every turn recommends the next items a history recommender ranks best
/// for the user's known history, skipping what was already shown. With popularity it is the floor of
/// every report; with a sequential model (SASRec, SRA-CL) it shows what the history alone is worth.
/// </summary>
public sealed class HistoryOnlyAgent(IHistoryRecommender recommender, int itemsPerTurn = 5) : IRecommenderAgent
{
    public string Name => recommender.Name;

    public async Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.AddUserTurn(userTurn);
        var hits = await recommender.RecommendAsync(session.KnownHistory, itemsPerTurn, session.ShownItems, cancellationToken).ConfigureAwait(false);
        var items = hits.Select(h => h.Item).ToList();
        var turn = new AgentTurn(AgentActionKind.Recommend, AgentMessages.Recommendation(items), items);
        session.AddAgentTurn(turn);
        return turn;
    }
}
