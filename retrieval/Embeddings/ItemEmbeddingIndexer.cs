using System.Numerics.Tensors;
using AgentRec.Core.Catalog;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Fills a vector index with a catalog's item embeddings: record id = the item's dataset id, payload = the attributes
/// that are useful as search filters (<see cref="Payload"/>). Works with any <see cref="IVectorIndex"/> and any
/// embedding generator (wrap it in a <see cref="CachedEmbeddingGenerator"/> to embed each item only once).
/// </summary>
public sealed partial class ItemEmbeddingIndexer
{
    /// <summary>Payload field holding the item's 1-based catalog index (a long).</summary>
    public const string IndexField = "index";

    /// <summary>Payload field holding the item's title, when it has one.</summary>
    public const string TitleField = "title";

    /// <summary>Payload field holding the item's year, when known (a long).</summary>
    public const string YearField = "year";

    /// <summary>Payload field for attributes without a <c>kind:</c> prefix.</summary>
    public const string TagField = "tag";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly ILogger _logger;

    public ItemEmbeddingIndexer(IEmbeddingGenerator<string, Embedding<float>> generator, ILogger<ItemEmbeddingIndexer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// The filterable payload of an item: <see cref="IndexField"/>, <see cref="TitleField"/>, <see cref="YearField"/>,
    /// and one string-array field per attribute kind named after the kind (<c>genre</c>, <c>brand</c>, <c>category</c>,
    /// <c>director</c>, <c>actor</c>, <c>attr</c> ...), e.g. <c>genre = ["Comedy", "Drama"]</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Payload(CatalogItem item, int index)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal) { [IndexField] = (long)index };
        if (!string.IsNullOrWhiteSpace(item.Title))
        {
            payload[TitleField] = item.Title;
        }

        if (item.Year is int year)
        {
            payload[YearField] = (long)year;
        }

        var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string attribute in item.Attributes)
        {
            (string? kind, string value) = ItemAttribute.Split(attribute);
            string field = kind ?? TagField;
            if (field is IndexField or TitleField or YearField)
            {
                // An attribute kind may not shadow the fixed fields; keep it under the tag field instead.
                field = TagField;
            }

            if (!byKind.TryGetValue(field, out List<string>? values))
            {
                values = [];
                byKind.Add(field, values);
            }

            string trimmed = value.Trim();
            if (trimmed.Length > 0 && !values.Contains(trimmed, StringComparer.Ordinal))
            {
                values.Add(trimmed);
            }
        }

        foreach ((string field, List<string> values) in byKind)
        {
            payload[field] = values.ToArray();
        }

        return payload;
    }

    /// <summary>Embeds every item of <paramref name="catalog"/> in batches and upserts it into <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The generator's vectors do not have the index's dimensions, or it returned the wrong number of vectors.</exception>
    public async Task<ItemIndexingResult> IndexAsync(
        ItemCatalog catalog,
        IVectorIndex index,
        ItemIndexingOptions? options = null,
        IProgress<ItemIndexingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(index);
        options ??= new ItemIndexingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        Func<CatalogItem, string> text = options.Text ?? ItemTextBuilder.Default.Build;

        var skipped = new List<string>();
        int indexed = 0;
        for (int start = 0; start < catalog.Count; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(options.BatchSize, catalog.Count - start);
            var texts = new string[size];
            for (int i = 0; i < size; i++)
            {
                CatalogItem item = catalog.Items[start + i];
                texts[i] = text(item) ?? throw new InvalidOperationException($"The item text function returned null for item '{item.Id}'.");
            }

            GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != size)
            {
                throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} vectors for {size} item texts.");
            }

            var records = new List<VectorRecord>(size);
            for (int i = 0; i < size; i++)
            {
                CatalogItem item = catalog.Items[start + i];
                ReadOnlyMemory<float> vector = embeddings[i].Vector;
                if (vector.Length != index.Dimensions)
                {
                    throw new InvalidOperationException(
                        $"Item '{item.Id}' embedded to {vector.Length} dimensions, but index '{index.Name}' holds {index.Dimensions}.");
                }

                float norm = TensorPrimitives.Norm(vector.Span);
                if (!(norm > 0) || !float.IsFinite(norm))
                {
                    skipped.Add(item.Id);
                    continue;
                }

                records.Add(new VectorRecord(item.Id, vector, Payload(item, start + i + 1)));
            }

            if (records.Count > 0)
            {
                await index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
                indexed += records.Count;
            }

            progress?.Report(new ItemIndexingProgress(start + size, catalog.Count));
        }

        if (skipped.Count > 0)
        {
            LogSkipped(_logger, skipped.Count, catalog.Count, index.Name, string.Join(", ", skipped.Take(5)));
        }

        return new ItemIndexingResult(indexed, skipped);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Skipped} of {Total} items embedded to a zero vector and were not added to index {Index} (first: {Examples})")]
    private static partial void LogSkipped(ILogger logger, int skipped, int total, string index, string examples);
}
