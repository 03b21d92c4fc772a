using AgentRec.Core.Catalog;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>Options of <see cref="SemanticNeighbours"/>.</summary>
public sealed record SemanticNeighbourOptions
{
    /// <summary>Neighbours kept per user and per item (SRA-CL retrieves the top 10).</summary>
    public int Count { get; init; } = 10;

    /// <summary>Texts per embedding call.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Item text when neighbours are computed from a catalog; null means <see cref="ItemTextBuilder.Default"/>.</summary>
    public Func<CatalogItem, string>? ItemText { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
    }
}
