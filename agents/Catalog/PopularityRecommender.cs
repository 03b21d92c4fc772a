using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Catalog;

/// <summary>Most-interacted items first (ties by catalog order): the classic non-personalised baseline.</summary>
public sealed class PopularityRecommender : IHistoryRecommender
{
    private readonly CatalogHit[] _ranked;

    /// <param name="counts">Interaction count per catalog item id; items without a count rank after all counted ones.</param>
    public PopularityRecommender(ItemCatalog catalog, IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(counts);
        var total = Math.Max(1, counts.Values.Sum(c => (long)c));
        _ranked = [.. catalog.Items
            .Select((item, order) => (item, order, count: counts.GetValueOrDefault(item.Id)))
            .OrderByDescending(x => x.count).ThenBy(x => x.order)
            .Select(x => new CatalogHit(x.item, (float)((double)x.count / total)))];
    }

    public string Name => "popularity";

    public Task<IReadOnlyList<CatalogHit>> RecommendAsync(IReadOnlyList<string> history, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        IReadOnlyList<CatalogHit> result = [.. _ranked.Where(h => !exclude.Contains(h.Item.Id) && !history.Contains(h.Item.Id)).Take(top)];
        return Task.FromResult(result);
    }
}
