using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Interactions;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads a user's own catalog and interaction log.
/// Items: CSV with a header naming <c>id</c>, <c>title</c> and optionally <c>description</c>,
/// <c>attributes</c> (separated by <c>|</c>) and <c>year</c>; any other column becomes metadata.
/// Or JSON Lines, one object per line: <c>{"id", "title", "description", "attributes": [..], "year", "metadata": {..}}</c>;
/// other properties become metadata.
/// Interactions: CSV with a header naming <c>user</c>, <c>item</c> and optionally <c>timestamp</c>
/// (Unix seconds or ISO 8601) and <c>rating</c>. Without a timestamp column, file order is time order.
/// </summary>
public static class UserDataLoader
{
    private static readonly string[] ItemColumns = ["id", "title"];
    private static readonly string[] InteractionColumns = ["user", "item"];

    private static readonly IReadOnlyDictionary<string, string[]> ItemAliases = new Dictionary<string, string[]>
    {
        ["id"] = ["item_id", "item"],
        ["title"] = ["name"],
    };

    private static readonly IReadOnlyDictionary<string, string[]> InteractionAliases = new Dictionary<string, string[]>
    {
        ["user"] = ["user_id"],
        ["item"] = ["item_id"],
        ["timestamp"] = ["time"],
    };

    /// <summary>Loads items from a <c>.csv</c> or <c>.jsonl</c> (<c>.ndjson</c>) file.</summary>
    public static async Task<LoadResult<ItemCatalog>> LoadItemsAsync(string path, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        await using FileStream stream = DataFile.OpenRead(path);
        return extension switch
        {
            ".csv" => await ReadItemsCsvAsync(stream, path, options, cancellationToken).ConfigureAwait(false),
            ".jsonl" or ".ndjson" => await ReadItemsJsonLinesAsync(stream, path, options, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Items file '{path}' must end in .csv, .jsonl or .ndjson.", nameof(path)),
        };
    }

    public static async Task<LoadResult<ItemCatalog>> ReadItemsCsvAsync(
        Stream stream, string sourceName, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        var policy = new RowErrorPolicy(options);
        using var csv = new CsvReader(DataFile.ReaderFor(stream), sourceName);
        IReadOnlyList<string> header = await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DataFormatException(sourceName, 1, "is empty; expected a header row with id,title[,description][,attributes]");
        Dictionary<string, int> columns = CsvColumns.Map(header, sourceName, ItemColumns, ItemAliases);
        string[] extraColumns = [.. columns.Keys.Where(c => c is not ("id" or "title" or "description" or "attributes" or "year"))];

        var items = new List<CatalogItem>();
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach ((IReadOnlyList<string> record, RowLocation at) in CsvColumns.Records(csv, policy, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                CsvColumns.RequireWidth(record, header.Count, at);
                string id = record[columns["id"]].Trim();
                if (id.Length == 0)
                {
                    throw at.Error("id", id, "is empty");
                }

                if (!lineById.TryAdd(id, at.LineNumber))
                {
                    throw at.Error("id", id, $"repeats the item of line {lineById[id]}");
                }

                string? description = Optional(record, columns, "description");
                string? attributeText = Optional(record, columns, "attributes");
                string? yearText = Optional(record, columns, "year");
                var metadata = new Dictionary<string, string>(extraColumns.Length);
                foreach (string column in extraColumns)
                {
                    string value = record[columns[column]];
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        metadata[column] = value.Trim();
                    }
                }

                string title = record[columns["title"]].Trim();
                items.Add(new CatalogItem(id, title.Length == 0 ? null : title, description)
                {
                    Attributes = attributeText is null ? [] : SplitAttributes(attributeText),
                    Year = yearText is null ? null : ParseYear(yearText, at),
                    Metadata = metadata,
                });
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new LoadResult<ItemCatalog>(new ItemCatalog(items), policy.ToReport());
    }

    public static async Task<LoadResult<ItemCatalog>> ReadItemsJsonLinesAsync(
        Stream stream, string sourceName, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        var policy = new RowErrorPolicy(options);
        var items = new List<CatalogItem>();
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        using StreamReader reader = DataFile.ReaderFor(stream);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            policy.CountRow();
            var at = new RowLocation(sourceName, lineNumber);
            try
            {
                using JsonDocument document = DataFile.ParseJsonLine(line, sourceName, lineNumber);
                JsonElement root = document.RootElement;
                JsonFields.RequireObject(root, at, "$");
                string id = JsonFields.Id(root, "id", at).Trim();
                if (!lineById.TryAdd(id, lineNumber))
                {
                    throw at.Error("id", id, $"repeats the item of line {lineById[id]}");
                }

                string? title = JsonFields.OptionalString(root, "title", at);
                string? description = JsonFields.OptionalString(root, "description", at);
                List<string> attributes = [.. JsonFields.StringArray(root, "attributes", at)
                    .Select(a => a.Trim())
                    .Where(a => a.Length > 0)
                    .Distinct(StringComparer.Ordinal)];
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "id" or "title" or "description" or "attributes" or "year":
                            break;
                        case "metadata":
                            ReadMetadataObject(property.Value, metadata, at);
                            break;
                        default:
                            AddMetadata(metadata, property.Name, property.Value);
                            break;
                    }
                }

                items.Add(new CatalogItem(id, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), string.IsNullOrWhiteSpace(description) ? null : description)
                {
                    Attributes = attributes,
                    Year = JsonFields.OptionalInt(root, "year", at),
                    Metadata = metadata,
                });
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new LoadResult<ItemCatalog>(new ItemCatalog(items), policy.ToReport());
    }

    /// <summary>Loads an interactions CSV whose items must all be in <paramref name="catalog"/>.</summary>
    public static async Task<LoadResult<IReadOnlyList<Interaction>>> LoadInteractionsAsync(
        string path, ItemCatalog catalog, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await using FileStream stream = DataFile.OpenRead(path);
        return await ReadInteractionsCsvAsync(stream, path, catalog, options, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="DataFormatException">A row is malformed or names an item the catalog lacks (unless skipping).</exception>
    public static async Task<LoadResult<IReadOnlyList<Interaction>>> ReadInteractionsCsvAsync(
        Stream stream, string sourceName, ItemCatalog catalog, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentNullException.ThrowIfNull(catalog);
        var policy = new RowErrorPolicy(options);
        using var csv = new CsvReader(DataFile.ReaderFor(stream), sourceName);
        IReadOnlyList<string> header = await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DataFormatException(sourceName, 1, "is empty; expected a header row with user,item[,timestamp][,rating]");
        Dictionary<string, int> columns = CsvColumns.Map(header, sourceName, InteractionColumns, InteractionAliases);
        bool timed = columns.ContainsKey("timestamp");

        var interactions = new List<Interaction>();
        await foreach ((IReadOnlyList<string> record, RowLocation at) in CsvColumns.Records(csv, policy, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                CsvColumns.RequireWidth(record, header.Count, at);
                string user = record[columns["user"]].Trim();
                if (user.Length == 0)
                {
                    throw at.Error("user", user, "is empty");
                }

                string item = record[columns["item"]].Trim();
                if (!catalog.Contains(item))
                {
                    throw at.Error("item", item, "is not an item of the catalog");
                }

                DateTimeOffset? timestamp = timed ? ParseTimestamp(record[columns["timestamp"]], at) : null;
                double? rating = null;
                string? ratingText = Optional(record, columns, "rating");
                if (ratingText is not null)
                {
                    rating = double.TryParse(ratingText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
                        ? value
                        : throw at.Error("rating", ratingText, "is not a number");
                }

                interactions.Add(new Interaction(user, item, timestamp, rating));
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new LoadResult<IReadOnlyList<Interaction>>(interactions, policy.ToReport());
    }

    /// <summary>Loads items and interactions and groups them into per-user sequences (users in order of first appearance).</summary>
    public static async Task<LoadResult<SequenceDataset>> LoadSequenceDatasetAsync(
        string name, string itemsPath, string interactionsPath, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        LoadResult<ItemCatalog> items = await LoadItemsAsync(itemsPath, options, cancellationToken).ConfigureAwait(false);
        LoadResult<IReadOnlyList<Interaction>> interactions =
            await LoadInteractionsAsync(interactionsPath, items.Value, options, cancellationToken).ConfigureAwait(false);
        var dataset = SequenceDataset.FromInteractions(name, items.Value, interactions.Value);
        int maxReasons = (options ?? LoadOptions.Default).MaxReportedReasons;
        return new LoadResult<SequenceDataset>(dataset, items.Report.Combine(interactions.Report, maxReasons));
    }

    private static string? Optional(IReadOnlyList<string> record, Dictionary<string, int> columns, string column)
    {
        if (!columns.TryGetValue(column, out int position))
        {
            return null;
        }

        string value = record[position].Trim();
        return value.Length == 0 ? null : value;
    }

    private static string[] SplitAttributes(string text) =>
        [.. text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    private static int ParseYear(string text, RowLocation at) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int year)
            ? year
            : throw at.Error("year", text, "is not an integer");

    private static DateTimeOffset ParseTimestamp(string text, RowLocation at)
    {
        string value = text.Trim();
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds))
        {
            if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                throw at.Error("timestamp", text, "is out of range for Unix seconds");
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time
            : throw at.Error("timestamp", text, "is neither Unix seconds nor an ISO 8601 date-time");
    }

    private static void ReadMetadataObject(JsonElement value, Dictionary<string, string> metadata, RowLocation at)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        JsonFields.RequireObject(value, at, "metadata");
        foreach (JsonProperty property in value.EnumerateObject())
        {
            AddMetadata(metadata, property.Name, property.Value);
        }
    }

    // Strings are kept as they are; numbers and booleans by their JSON text; nested values as raw JSON.
    private static void AddMetadata(Dictionary<string, string> metadata, string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        metadata[key] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}
