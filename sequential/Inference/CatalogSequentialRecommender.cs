using AgentRec.Core.Catalog;
using AgentRec.Sequential.Models;

namespace AgentRec.Sequential.Inference;

/// <summary>
/// A trained sequential model spoken to in catalog ids, as agents and chat sessions hold them:
/// history ids in, the best next catalog items out. Safe to call from many sessions at once (calls
/// are serialised; one history costs one small forward pass).
/// </summary>
public sealed class CatalogSequentialRecommender
{
    private readonly SequentialRecommender _recommender;
    private readonly ItemCatalog _catalog;
    private readonly Lock _gate = new();

    /// <param name="catalog">The catalog the model was trained on: item index i of the model is <c>catalog.ItemAt(i)</c>.</param>
    /// <exception cref="ArgumentException">The catalog does not have the model's number of items.</exception>
    public CatalogSequentialRecommender(SequentialModel model, ItemCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Count != model.ItemCount)
        {
            throw new ArgumentException(
                $"The {model.Kind} model was trained on {model.ItemCount:N0} items but the catalog has {catalog.Count:N0}; use the dataset the model was trained on.",
                nameof(catalog));
        }

        _recommender = new SequentialRecommender(model);
        _catalog = catalog;
        Kind = model.Kind;
    }

    public SequentialModelKind Kind { get; }

    /// <summary>
    /// The <paramref name="top"/> best next items after <paramref name="history"/> (oldest first), never
    /// an item of the history or of <paramref name="exclude"/>. Ids the catalog does not know are skipped
    /// (a chat user may mention anything); with no known item left the answer is empty, because the
    /// model has nothing to condition on.
    /// </summary>
    public IReadOnlyList<(CatalogItem Item, float Score)> Recommend(IReadOnlyList<string> history, int top, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var indices = new List<int>(history.Count);
        foreach (var id in history)
        {
            if (_catalog.TryGetIndex(id, out int index))
            {
                indices.Add(index);
            }
        }

        if (indices.Count == 0)
        {
            return [];
        }

        // Ask for enough extra items that excluded ones can be dropped and still leave `top`.
        int extra = exclude?.Count ?? 0;
        RankedItems ranked;
        lock (_gate)
        {
            ranked = _recommender.TopK([indices], top + extra)[0];
        }

        var result = new List<(CatalogItem, float)>(top);
        for (int i = 0; i < ranked.Items.Count && result.Count < top; i++)
        {
            CatalogItem item = _catalog.ItemAt(ranked.Items[i]);
            if (exclude is null || !exclude.Contains(item.Id))
            {
                result.Add((item, ranked.Scores[i]));
            }
        }

        return result;
    }
}
