using System.Security.Cryptography;
using System.Text;
using AgentRec.Core.Catalog;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Catalog;

/// <summary>
/// Builds the catalog search an agent uses: item texts embedded (by a given generator, or by the offline
/// TF-IDF + SVD default fitted on the catalog and cached on disk by catalog fingerprint) into an exact index
/// for catalogs up to <see cref="ExactLimit"/> items and an HNSW index above.
/// </summary>
public static class CatalogSearchBuilder
{
    public const int ExactLimit = 50_000;

    public static async Task<EmbeddingCatalogSearch> BuildAsync(
        ItemCatalog catalog,
        string cacheRoot,
        IEmbeddingGenerator<string, Embedding<float>>? embedder = null,
        int dimensions = 128,
        IProgress<ItemIndexingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheRoot);
        var texts = catalog.Items.Select(ItemTextBuilder.Default.Build).ToList();
        if (embedder is null)
        {
            var folder = Path.Combine(cacheRoot, "embeddings");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"tfidf-svd-{Fingerprint(catalog, texts)}-{dimensions}.bin");
            TfidfSvdEmbeddingGenerator model;
            if (File.Exists(path))
            {
                model = TfidfSvdEmbeddingGenerator.Load(path);
            }
            else
            {
                model = TfidfSvdEmbeddingGenerator.Fit(texts, new TfidfSvdOptions { Dimensions = Math.Min(dimensions, Math.Max(2, catalog.Count - 1)) }, cancellationToken: cancellationToken);
                model.Save(path);
            }

            embedder = model;
        }

        var probe = await embedder.GenerateAsync("probe", cancellationToken: cancellationToken).ConfigureAwait(false);
        IVectorIndex index = catalog.Count <= ExactLimit
            ? new ExactVectorIndex("catalog", probe.Vector.Length, VectorMetric.Cosine)
            : new HnswVectorIndex("catalog", probe.Vector.Length, VectorMetric.Cosine, new HnswOptions());
        await new ItemEmbeddingIndexer(embedder).IndexAsync(catalog, index, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new EmbeddingCatalogSearch(catalog, embedder, index);
    }

    private static string Fingerprint(ItemCatalog catalog, IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < texts.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(catalog.Items[i].Id));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(texts[i]));
            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
