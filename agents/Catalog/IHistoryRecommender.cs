namespace AgentRec.Agents.Catalog;

/// <summary>Recommends from a user's interaction history (a sequential model, popularity, ...).</summary>
public interface IHistoryRecommender
{
    string Name { get; }

    /// <summary>The <paramref name="top"/> best next items after <paramref name="history"/> (catalog ids, oldest first), never one of <paramref name="exclude"/>.</summary>
    Task<IReadOnlyList<CatalogHit>> RecommendAsync(IReadOnlyList<string> history, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken = default);
}
