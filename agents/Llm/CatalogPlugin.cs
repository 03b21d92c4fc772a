using System.ComponentModel;
using AgentRec.Agents.Catalog;
using AgentRec.Core.Catalog;
using Microsoft.SemanticKernel;

namespace AgentRec.Agents.Llm;

/// <summary>Semantic Kernel plugin over the catalog: search by meaning and item details.</summary>
public sealed class CatalogPlugin(ICatalogSearch search)
{
    public const string PluginName = "catalog";

    [KernelFunction("search")]
    [Description("Searches the catalog by meaning and returns the best matching items not yet shown.")]
    public Task<IReadOnlyList<CatalogHit>> SearchAsync(
        [Description("What to look for")] string query,
        [Description("How many items")] int top,
        [Description("Item ids to leave out")] IReadOnlySet<string>? exclude = null,
        CancellationToken cancellationToken = default) =>
        search.SearchAsync(query, top, exclude, cancellationToken: cancellationToken);

    [KernelFunction("details")]
    [Description("Returns the details of one catalog item by id, or null if the catalog has no such item.")]
    public CatalogItem? Details([Description("Catalog item id")] string id) =>
        search.Catalog.TryGetItem(id, out var item) ? item : null;
}
