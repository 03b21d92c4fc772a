using System.ComponentModel;
using AgentRec.Agents.Catalog;
using Microsoft.SemanticKernel;

namespace AgentRec.Agents.Llm;

/// <summary>Semantic Kernel plugin over a history-based recommender (SASRec / SRA-CL / popularity).</summary>
public sealed class HistoryPlugin(IHistoryRecommender recommender)
{
    public const string PluginName = "history";

    [KernelFunction("recommend")]
    [Description("Recommends items that follow the user's interaction history.")]
    public Task<IReadOnlyList<CatalogHit>> RecommendAsync(
        [Description("Catalog ids the user interacted with, oldest first")] IReadOnlyList<string> history,
        [Description("How many items")] int top,
        [Description("Item ids to leave out")] IReadOnlySet<string> exclude,
        CancellationToken cancellationToken = default) =>
        recommender.RecommendAsync(history, top, exclude, cancellationToken);
}
