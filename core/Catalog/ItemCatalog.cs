using System.Collections;

namespace AgentRec.Core.Catalog;

/// <summary>
/// The items of one dataset with a dense 1-based index for models; index 0 is reserved for padding.
/// Indices follow the order the items were given in and never change for a catalog instance.
/// </summary>
public sealed class ItemCatalog : IReadOnlyCollection<CatalogItem>
{
    /// <summary>The index sequence models use for "no item".</summary>
    public const int PaddingIndex = 0;

    private readonly CatalogItem[] _items;
    private readonly Dictionary<string, int> _indexById;

    /// <exception cref="ArgumentException">Two items share an id.</exception>
    public ItemCatalog(IEnumerable<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        _indexById = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (int i = 0; i < _items.Length; i++)
        {
            CatalogItem item = _items[i] ?? throw new ArgumentException($"Item at position {i} is null.", nameof(items));
            if (!_indexById.TryAdd(item.Id, i + 1))
            {
                throw new ArgumentException($"Duplicate item id '{item.Id}' at positions {_indexById[item.Id]} and {i + 1}.", nameof(items));
            }
        }
    }

    public static ItemCatalog Empty { get; } = new([]);

    public int Count => _items.Length;

    /// <summary>The items in index order: <c>Items[i]</c> has index <c>i + 1</c>.</summary>
    public IReadOnlyList<CatalogItem> Items => _items;

    /// <summary>The item with the given 1-based index.</summary>
    public CatalogItem ItemAt(int index)
    {
        if (index < 1 || index > _items.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Item indices run from 1 to {_items.Length} (0 is padding).");
        }

        return _items[index - 1];
    }

    /// <exception cref="KeyNotFoundException">No item has that id.</exception>
    public int GetIndex(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _indexById.TryGetValue(id, out int index)
            ? index
            : throw new KeyNotFoundException($"No item with id '{id}' in the catalog.");
    }

    public bool TryGetIndex(string id, out int index)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _indexById.TryGetValue(id, out index);
    }

    /// <exception cref="KeyNotFoundException">No item has that id.</exception>
    public CatalogItem GetItem(string id) => _items[GetIndex(id) - 1];

    public bool TryGetItem(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogItem? item)
    {
        if (TryGetIndex(id, out int index))
        {
            item = _items[index - 1];
            return true;
        }

        item = null;
        return false;
    }

    public bool Contains(string id) => TryGetIndex(id, out _);

    public IEnumerator<CatalogItem> GetEnumerator() => ((IEnumerable<CatalogItem>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
