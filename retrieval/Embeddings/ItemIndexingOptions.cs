using AgentRec.Core.Catalog;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>Options of <see cref="ItemEmbeddingIndexer.IndexAsync"/>.</summary>
public sealed record ItemIndexingOptions
{
    /// <summary>Items per embedding call and per index upsert.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The text embedded for an item; null means <see cref="ItemTextBuilder.Default"/> (title, attributes, description).</summary>
    public Func<CatalogItem, string>? Text { get; init; }
}
