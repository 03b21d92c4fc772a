using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Catalog;

/// <summary>A catalog item found for a query, with its similarity score (higher is better).</summary>
public sealed record CatalogHit(CatalogItem Item, float Score);
