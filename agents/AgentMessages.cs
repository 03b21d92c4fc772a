using AgentRec.Core.Catalog;

namespace AgentRec.Agents;

/// <summary>The visible text of turns whose content is a list of items.</summary>
internal static class AgentMessages
{
    public static string Recommendation(IReadOnlyList<CatalogItem> items) =>
        items.Count == 0 ? "I have nothing new to recommend right now." : "You might enjoy: " + string.Join("; ", items.Select(Describe)) + ".";

    public static string SearchResults(string query, IReadOnlyList<CatalogItem> items) =>
        items.Count == 0 ? $"I searched for \"{query}\" but found nothing new." : $"Searching for \"{query}\" I found: " + string.Join("; ", items.Select(Describe)) + ".";

    public static string Describe(CatalogItem item) => item.Title ?? item.Id;
}
