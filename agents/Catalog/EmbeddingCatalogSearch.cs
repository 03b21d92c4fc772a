using AgentRec.Core.Catalog;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Catalog;

/// <summary>
/// Catalog search over a vector index of item embeddings: the query is embedded with the same generator
/// that embedded the items, and matches are mapped back to catalog items (ids the catalog lacks are dropped,
/// so a stale index can never surface an unknown item).
/// </summary>
public sealed class EmbeddingCatalogSearch(ItemCatalog catalog, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex index) : ICatalogSearch
{
    private const int ExcludeHeadroom = 2;

    public ItemCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(string query, int top, IReadOnlySet<string>? exclude = null, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var embedding = await embedder.GenerateAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        // A query with no word the embedder knows (TF-IDF) embeds to zero: it matches nothing rather than failing.
        if (System.Numerics.Tensors.TensorPrimitives.Norm(embedding.Vector.Span) == 0f)
        {
            return [];
        }

        // Over-fetch so that excluded items (already shown) do not leave the list short.
        var fetch = top + ((exclude?.Count ?? 0) * ExcludeHeadroom);
        var matches = await index.SearchAsync(embedding.Vector, Math.Min(fetch, Math.Max(top, Catalog.Count)), filter, cancellationToken).ConfigureAwait(false);
        var hits = new List<CatalogHit>(top);
        foreach (var match in matches)
        {
            if (exclude?.Contains(match.Id) == true || !Catalog.TryGetItem(match.Id, out var item))
            {
                continue;
            }

            hits.Add(new CatalogHit(item, match.Score));
            if (hits.Count == top)
            {
                break;
            }
        }

        return hits;
    }
}
