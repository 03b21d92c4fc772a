using AgentRec.Core.Catalog;
using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Agents.Catalog;

/// <summary>Searches a catalog by meaning; what the agent's Search action and candidate retrieval use.</summary>
public interface ICatalogSearch
{
    ItemCatalog Catalog { get; }

    /// <summary>The <paramref name="top"/> best items for <paramref name="query"/>, best first, never one of <paramref name="exclude"/>.</summary>
    Task<IReadOnlyList<CatalogHit>> SearchAsync(string query, int top, IReadOnlySet<string>? exclude = null, VectorFilter? filter = null, CancellationToken cancellationToken = default);
}
