using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Options of an <see cref="AgentRecVectorStore"/>.</summary>
public sealed record AgentRecVectorStoreOptions
{
    /// <summary>
    /// Default embedding generator of the store's collections (a record definition's or vector property's own generator
    /// takes precedence). It embeds search input such as strings, and the source values of vector properties that are
    /// not vectors themselves.
    /// </summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; init; }
}
