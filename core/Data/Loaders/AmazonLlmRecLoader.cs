using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.NextItem;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads the MiniOneRec Amazon 2018 splits (Industrial_and_Scientific, Office_Products):
/// <c>index/*.item.json</c> (<c>{"id": {title, description, brand, categories}}</c>), optional
/// <c>index/*.index.json</c> semantic ids, and the <c>valid/</c> and <c>test/</c> CSVs whose list
/// columns are Python literals. Item ids are the 0-based ids of those files, as strings.
/// </summary>
public static class AmazonLlmRecLoader
{
    /// <summary>Metadata key for the item's RQ-VAE semantic id, e.g. <c>&lt;a_236&gt;&lt;b_231&gt;&lt;c_226&gt;</c>.</summary>
    public const string SemanticIdKey = "semantic_id";

    private static readonly string[] RequiredColumns = ["user_id", "history_item_title", "item_title", "history_item_id", "item_id"];

    public static async Task<LoadResult<NextItemDataset>> LoadAsync(
        string name,
        string itemsPath,
        string? semanticIndexPath,
        string? validPath,
        string? testPath,
        LoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemsPath);
        var policy = new RowErrorPolicy(options);
        ItemCatalog catalog = await ReadCatalogAsync(itemsPath, semanticIndexPath, policy, cancellationToken).ConfigureAwait(false);
        List<NextItemExample> valid = validPath is null ? [] : await ReadExamplesAsync(validPath, catalog, policy, cancellationToken).ConfigureAwait(false);
        List<NextItemExample> test = testPath is null ? [] : await ReadExamplesAsync(testPath, catalog, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<NextItemDataset>(new NextItemDataset(name, catalog, valid, test), policy.ToReport());
    }

    public static async Task<LoadResult<ItemCatalog>> LoadCatalogAsync(
        string itemsPath, string? semanticIndexPath = null, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemsPath);
        var policy = new RowErrorPolicy(options);
        ItemCatalog catalog = await ReadCatalogAsync(itemsPath, semanticIndexPath, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<ItemCatalog>(catalog, policy.ToReport());
    }

    /// <summary>Reads one split CSV against a catalog; history and target ids must be catalog items.</summary>
    public static async Task<LoadResult<IReadOnlyList<NextItemExample>>> LoadExamplesAsync(
        string csvPath, ItemCatalog catalog, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        ArgumentNullException.ThrowIfNull(catalog);
        var policy = new RowErrorPolicy(options);
        List<NextItemExample> examples = await ReadExamplesAsync(csvPath, catalog, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<IReadOnlyList<NextItemExample>>(examples, policy.ToReport());
    }

    private static async Task<ItemCatalog> ReadCatalogAsync(string itemsPath, string? semanticIndexPath, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        Dictionary<string, string> semanticIds = semanticIndexPath is null
            ? []
            : await ReadSemanticIdsAsync(semanticIndexPath, cancellationToken).ConfigureAwait(false);

        using JsonDocument document = await DataFile.ParseJsonAsync(itemsPath, cancellationToken).ConfigureAwait(false);
        var at = new RowLocation(itemsPath, 0);
        JsonFields.RequireObject(document.RootElement, at, "$");
        var items = new List<CatalogItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            policy.CountRow();
            try
            {
                string id = entry.Name;
                if (string.IsNullOrWhiteSpace(id) || !seen.Add(id))
                {
                    throw at.Error("id", id, "is empty or repeated");
                }

                JsonFields.RequireObject(entry.Value, at, id);
                string title = JsonFields.String(entry.Value, "title", at, id);
                string? description = DescriptionText(JsonFields.OptionalString(entry.Value, "description", at, id));
                var attributes = new List<string>();
                string? brand = JsonFields.OptionalString(entry.Value, "brand", at, id);
                if (!string.IsNullOrWhiteSpace(brand))
                {
                    attributes.Add(ItemAttribute.Create(ItemAttribute.Brand, brand));
                }

                foreach (string category in Categories(entry.Value, at, id))
                {
                    string attribute = ItemAttribute.Create(ItemAttribute.Category, category);
                    if (!attributes.Contains(attribute))
                    {
                        attributes.Add(attribute);
                    }
                }

                var metadata = new Dictionary<string, string>(1);
                if (semanticIds.TryGetValue(id, out string? semanticId))
                {
                    metadata[SemanticIdKey] = semanticId;
                }

                items.Add(new CatalogItem(id, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), description)
                {
                    Attributes = attributes,
                    Metadata = metadata,
                });
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new ItemCatalog(items);
    }

    // Descriptions are Python list literals of paragraphs, but some are not valid Python
    // (unescaped quotes), so a strict parse falls back to a lenient clean-up.
    private static string? DescriptionText(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        string trimmed = raw.Trim();
        if (!trimmed.StartsWith('['))
        {
            return trimmed;
        }

        string text;
        try
        {
            text = string.Join("\n", PythonLiteral.ParseStringList(trimmed).Select(p => p.Trim()).Where(p => p.Length > 0));
        }
        catch (FormatException)
        {
            text = PythonLiteral.LenientListText(trimmed).Trim();
        }

        return text.Length == 0 ? null : text;
    }

    // "categories" is an empty string in the shipped files; other exports use a list literal or a JSON array.
    private static IEnumerable<string> Categories(JsonElement item, RowLocation at, string id)
    {
        if (!item.TryGetProperty("categories", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return JsonFields.StringArray(item, "categories", at, id).Where(c => !string.IsNullOrWhiteSpace(c));
        }

        string text = JsonFields.String(item, "categories", at, id).Trim();
        if (text.Length == 0)
        {
            return [];
        }

        if (text.StartsWith('['))
        {
            try
            {
                return PythonLiteral.ParseStringList(text).Where(c => !string.IsNullOrWhiteSpace(c));
            }
            catch (FormatException)
            {
                return [PythonLiteral.LenientListText(text)];
            }
        }

        return [text];
    }

    private static async Task<Dictionary<string, string>> ReadSemanticIdsAsync(string path, CancellationToken cancellationToken)
    {
        using JsonDocument document = await DataFile.ParseJsonAsync(path, cancellationToken).ConfigureAwait(false);
        var at = new RowLocation(path, 1);
        JsonFields.RequireObject(document.RootElement, at, "$");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                throw at.Error(entry.Name, JsonFields.Raw(entry.Value), "is not an array of semantic-id tokens");
            }

            var tokens = new List<string>(3);
            foreach (JsonElement token in entry.Value.EnumerateArray())
            {
                tokens.Add(token.ValueKind == JsonValueKind.String
                    ? token.GetString()!
                    : throw at.Error(entry.Name, JsonFields.Raw(token), "holds a token that is not a string"));
            }

            result[entry.Name] = string.Concat(tokens);
        }

        return result;
    }

    private static async Task<List<NextItemExample>> ReadExamplesAsync(string path, ItemCatalog catalog, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        using var csv = new CsvReader(DataFile.OpenText(path), path);
        IReadOnlyList<string> header = await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DataFormatException(path, 1, "is empty; expected a header row");
        Dictionary<string, int> columns = CsvColumns.Map(header, path, RequiredColumns, CsvColumns.NoAliases);

        var examples = new List<NextItemExample>();
        await foreach ((IReadOnlyList<string> record, RowLocation at) in CsvColumns.Records(csv, policy, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                CsvColumns.RequireWidth(record, header.Count, at);
                string user = record[columns["user_id"]].Trim();
                if (user.Length == 0)
                {
                    throw at.Error("user_id", user, "is empty");
                }

                List<string> historyIds = ParseList(record[columns["history_item_id"]], "history_item_id", at, PythonLiteral.ParseIntList)
                    .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
                List<string> historyTitles = ParseList(record[columns["history_item_title"]], "history_item_title", at, PythonLiteral.ParseStringList);
                if (historyIds.Count != historyTitles.Count)
                {
                    throw at.Error("history_item_title", record[columns["history_item_title"]],
                        $"has {historyTitles.Count} titles but history_item_id has {historyIds.Count} ids");
                }

                foreach (string id in historyIds)
                {
                    if (!catalog.Contains(id))
                    {
                        throw at.Error("history_item_id", record[columns["history_item_id"]], $"names item {id}, which is not in the catalog");
                    }
                }

                string target = record[columns["item_id"]].Trim();
                if (!int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out _) || !catalog.Contains(target))
                {
                    throw at.Error("item_id", target, "is not the id of a catalog item");
                }

                examples.Add(new NextItemExample(user, historyIds, historyTitles, target, record[columns["item_title"]]));
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return examples;
    }

    private static List<T> ParseList<T>(string text, string field, RowLocation at, Func<string, List<T>> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException ex)
        {
            throw at.Error(field, text, $"is not a Python list literal ({ex.Message})");
        }
    }
}
