namespace AgentRec.Agents.Catalog;

/// <summary>
/// Asks <paramref name="primary"/> first and fills the slots it leaves empty from <paramref name="fallback"/>:
/// a sequential model has nothing to say for a user without a known history (cold start), popularity does.
/// </summary>
public sealed class FallbackHistoryRecommender(IHistoryRecommender primary, IHistoryRecommender fallback) : IHistoryRecommender
{
    public string Name => primary.Name;

    public async Task<IReadOnlyList<CatalogHit>> RecommendAsync(IReadOnlyList<string> history, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var hits = (await primary.RecommendAsync(history, top, exclude, cancellationToken).ConfigureAwait(false)).Take(top).ToList();
        if (hits.Count == top)
        {
            return hits;
        }

        var taken = new HashSet<string>(exclude, StringComparer.Ordinal);
        taken.UnionWith(hits.Select(h => h.Item.Id));
        var more = await fallback.RecommendAsync(history, top - hits.Count, taken, cancellationToken).ConfigureAwait(false);
        hits.AddRange(more.Where(h => taken.Add(h.Item.Id)).Take(top - hits.Count));
        return hits;
    }
}
