using AgentRec.Core.Catalog;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Catalog;

/// <summary>
/// Catalog search over a vector index of item embeddings: the query is embedded with the same generator
/// that embedded the items, and matches are mapped back to catalog items (ids the catalog lacks are dropped,
/// so a stale index can never surface an unknown item). What the query turns down ("nothing in the horror
/// genre", <see cref="QueryPreferences"/>) is left out of the embedded text and filtered out of the results.
/// </summary>
public sealed class EmbeddingCatalogSearch(ItemCatalog catalog, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex index) : ICatalogSearch
{
    private const int ExcludeHeadroom = 2;

    // A turned-down genre can remove half of a catalog's best matches: fetch this many times more before filtering.
    private const int FilterHeadroom = 8;

    private readonly Lazy<AttributeVocabulary> _vocabulary = new(() => new AttributeVocabulary(catalog!));

    public ItemCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(string query, int top, IReadOnlySet<string>? exclude = null, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var preferences = QueryPreferences.Parse(query, _vocabulary.Value);
        var embedding = await embedder.GenerateAsync(string.IsNullOrWhiteSpace(preferences.Query) ? query : preferences.Query, cancellationToken: cancellationToken).ConfigureAwait(false);
        // Nothing searchable left beside the turned-down clauses: search with all the words, the filter still applies.
        if (System.Numerics.Tensors.TensorPrimitives.Norm(embedding.Vector.Span) == 0f && preferences.Query != query)
        {
            embedding = await embedder.GenerateAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // A query with no word the embedder knows (TF-IDF) embeds to zero: it matches nothing rather than failing.
        if (System.Numerics.Tensors.TensorPrimitives.Norm(embedding.Vector.Span) == 0f)
        {
            return [];
        }

        // Over-fetch so that excluded items (already shown, or turned down) do not leave the list short.
        var fetch = top + ((exclude?.Count ?? 0) * ExcludeHeadroom);
        if (preferences.HasExclusions)
        {
            fetch *= FilterHeadroom;
        }

        var hits = new List<CatalogHit>(top);
        while (true)
        {
            var asked = Math.Min(fetch, Math.Max(top, Catalog.Count));
            var matches = await index.SearchAsync(embedding.Vector, asked, filter, cancellationToken).ConfigureAwait(false);
            hits.Clear();
            foreach (var match in matches)
            {
                if (exclude?.Contains(match.Id) == true || !Catalog.TryGetItem(match.Id, out var item) || preferences.Excludes(item))
                {
                    continue;
                }

                hits.Add(new CatalogHit(item, match.Score));
                if (hits.Count == top)
                {
                    break;
                }
            }

            // Short only because the fetch was: once more with everything.
            if (hits.Count == top || matches.Count < asked || asked >= Catalog.Count)
            {
                break;
            }

            fetch = Catalog.Count;
        }

        return hits;
    }
}
