using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;

namespace AgentRec.Core.Data.Loaders;

/// <summary>Reads an iEvaLM-CRS <c>id2info.json</c> (<c>{"&lt;id&gt;": {...}}</c>) entry by entry.</summary>
internal static class CrsCatalogReader
{
    public delegate CatalogItem EntryParser(string id, JsonElement entry, RowLocation at);

    public static async Task<ItemCatalog> ReadAsync(string path, EntryParser parse, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        using JsonDocument document = await DataFile.ParseJsonAsync(path, cancellationToken).ConfigureAwait(false);
        // id2info.json is one line; errors name the entry's key as the field path.
        var at = new RowLocation(path, 1);
        JsonFields.RequireObject(document.RootElement, at, "$");
        var items = new List<CatalogItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            policy.CountRow();
            try
            {
                if (string.IsNullOrWhiteSpace(entry.Name) || !seen.Add(entry.Name))
                {
                    throw at.Error("id", entry.Name, "is empty or repeated");
                }

                JsonFields.RequireObject(entry.Value, at, entry.Name);
                items.Add(parse(entry.Name, entry.Value, at));
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new ItemCatalog(items);
    }

    /// <summary>Adds <c>kind:value</c> for each distinct, non-blank value (sources repeat cast names).</summary>
    public static void AddAttributes(List<string> attributes, string kind, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            string attribute = ItemAttribute.Create(kind, value);
            if (!attributes.Contains(attribute))
            {
                attributes.Add(attribute);
            }
        }
    }
}
