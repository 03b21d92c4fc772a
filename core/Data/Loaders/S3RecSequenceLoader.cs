using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Interactions;
using AgentRec.Core.Users;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads the S3-Rec/ICLRec sequence format (Beauty, Toys_and_Games, Yelp): one line per user,
/// <c>user item item ...</c>, chronological, 1-based ids. The file's item ids already are dense
/// indices, so item <c>k</c> of the file gets catalog index <c>k</c> exactly; ids that appear only in
/// the attribute or datamaps files still get their slot, so the mapping never shifts.
/// </summary>
public static class S3RecSequenceLoader
{
    /// <summary>Metadata key holding the item's number in the sequence file when the id comes from datamaps.</summary>
    public const string SequenceIdKey = "sequence_id";

    /// <summary>User attribute holding datamaps' <c>id2user</c> value (Amazon reviewer id, Yelp user id).</summary>
    public const string ExternalUserIdKey = "external_id";

    /// <param name="name">The dataset name to record (e.g. "beauty").</param>
    /// <param name="sequencesPath">The <c>*.txt</c> sequence file.</param>
    /// <param name="attributesPath">Optional <c>*_item2attributes.json</c>; attributes become <c>attr:&lt;id&gt;</c>.</param>
    /// <param name="datamapsPath">Optional <c>datamaps.json</c>; its <c>id2item</c> value (ASIN, business id) becomes the item id.</param>
    public static async Task<LoadResult<SequenceDataset>> LoadAsync(
        string name,
        string sequencesPath,
        string? attributesPath = null,
        string? datamapsPath = null,
        LoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sequencesPath);
        var policy = new RowErrorPolicy(options);

        List<(string User, int[] Items)> sequences = await ReadSequencesAsync(sequencesPath, policy, cancellationToken).ConfigureAwait(false);
        int maxIndex = 0;
        foreach ((_, int[] sequence) in sequences)
        {
            foreach (int item in sequence)
            {
                maxIndex = Math.Max(maxIndex, item);
            }
        }

        Dictionary<int, string[]> attributes = attributesPath is null
            ? []
            : await ReadAttributesAsync(attributesPath, policy, cancellationToken).ConfigureAwait(false);
        foreach (int item in attributes.Keys)
        {
            maxIndex = Math.Max(maxIndex, item);
        }

        Datamaps? maps = null;
        if (datamapsPath is not null)
        {
            maps = await ReadDatamapsAsync(datamapsPath, cancellationToken).ConfigureAwait(false);
            foreach (int item in maps.ItemIds.Keys)
            {
                maxIndex = Math.Max(maxIndex, item);
            }
        }

        var items = new CatalogItem[maxIndex];
        for (int index = 1; index <= maxIndex; index++)
        {
            string number = index.ToString(CultureInfo.InvariantCulture);
            string id = number;
            IReadOnlyDictionary<string, string>? metadata = null;
            if (maps is not null)
            {
                if (!maps.ItemIds.TryGetValue(index, out string? external))
                {
                    throw new DataFormatException(datamapsPath!, 0, "id2item", number, $"has no entry for item {index} of {Path.GetFileName(sequencesPath)}");
                }

                id = external;
                metadata = new Dictionary<string, string>(1) { [SequenceIdKey] = number };
            }

            items[index - 1] = new CatalogItem(id)
            {
                Attributes = attributes.TryGetValue(index, out string[]? tokens) ? tokens : [],
                Metadata = metadata ?? new Dictionary<string, string>(0),
            };
        }

        ItemCatalog catalog;
        try
        {
            catalog = new ItemCatalog(items);
        }
        catch (ArgumentException ex)
        {
            throw new DataFormatException(datamapsPath ?? sequencesPath, 0, "id2item", null, $"maps two items to one id: {ex.Message}", ex);
        }

        var users = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
        if (maps is not null)
        {
            foreach ((string user, _) in sequences)
            {
                if (maps.UserIds.TryGetValue(user, out string? external))
                {
                    users[user] = new UserProfile(user, new Dictionary<string, string>(1) { [ExternalUserIdKey] = external });
                }
            }
        }

        UserSequence[] userSequences = [.. sequences.Select(s => new UserSequence(s.User, s.Items))];
        var dataset = new SequenceDataset(name, catalog, userSequences, users);
        return new LoadResult<SequenceDataset>(dataset, policy.ToReport());
    }

    private static async Task<List<(string User, int[] Items)>> ReadSequencesAsync(string path, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        var result = new List<(string, int[])>();
        var seenUsers = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new List<int>(64);
        using StreamReader reader = DataFile.OpenText(path);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            policy.CountRow();
            var at = new RowLocation(path, lineNumber);
            try
            {
                string user = ParseLine(line, items, at);
                if (!seenUsers.TryAdd(user, lineNumber))
                {
                    throw at.Error("user", user, $"repeats the user of line {seenUsers[user]}");
                }

                result.Add((user, items.ToArray()));
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return result;
    }

    // "user item item ...": whitespace-separated positive integers.
    private static string ParseLine(string line, List<int> items, RowLocation at)
    {
        items.Clear();
        ReadOnlySpan<char> rest = line.AsSpan();
        string? user = null;
        int position = 0;
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                break;
            }

            int end = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> token = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];
            if (user is null)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int userNumber) || userNumber < 1)
                {
                    throw at.Error("user", token.ToString(), "is not a positive integer");
                }

                user = token.ToString();
                continue;
            }

            position++;
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int item) || item < 1)
            {
                throw at.Error($"item {position}", token.ToString(), "is not a positive integer");
            }

            items.Add(item);
        }

        if (items.Count == 0)
        {
            throw at.Error("user", user, "has no items");
        }

        return user!;
    }

    private static async Task<Dictionary<int, string[]>> ReadAttributesAsync(string path, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        using JsonDocument document = await DataFile.ParseJsonAsync(path, cancellationToken).ConfigureAwait(false);
        var at = new RowLocation(path, 1);
        JsonFields.RequireObject(document.RootElement, at, "$");
        var result = new Dictionary<int, string[]>();
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            policy.CountRow();
            try
            {
                if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int item) || item < 1)
                {
                    throw at.Error("item id", entry.Name, "is not a positive integer");
                }

                if (entry.Value.ValueKind != JsonValueKind.Array)
                {
                    throw at.Error(entry.Name, JsonFields.Raw(entry.Value), "is not an array of attribute ids");
                }

                var tokens = new List<string>(entry.Value.GetArrayLength());
                foreach (JsonElement attribute in entry.Value.EnumerateArray())
                {
                    if (attribute.ValueKind != JsonValueKind.Number || !attribute.TryGetInt32(out int attributeId))
                    {
                        throw at.Error(entry.Name, JsonFields.Raw(attribute), "holds an attribute id that is not an integer");
                    }

                    string token = ItemAttribute.Opaque + ":" + attributeId.ToString(CultureInfo.InvariantCulture);
                    if (!tokens.Contains(token))
                    {
                        tokens.Add(token);
                    }
                }

                if (!result.TryAdd(item, [.. tokens]))
                {
                    throw at.Error("item id", entry.Name, "appears twice");
                }
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return result;
    }

    private static async Task<Datamaps> ReadDatamapsAsync(string path, CancellationToken cancellationToken)
    {
        using JsonDocument document = await DataFile.ParseJsonAsync(path, cancellationToken).ConfigureAwait(false);
        var at = new RowLocation(path, 1);
        JsonFields.RequireObject(document.RootElement, at, "$");
        var items = new Dictionary<int, string>();
        foreach ((string key, string value) in ReadStringMap(document.RootElement, "id2item", at, required: true))
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int item) || item < 1)
            {
                throw at.Error("id2item", key, "has a key that is not a positive integer");
            }

            items[item] = value;
        }

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in ReadStringMap(document.RootElement, "id2user", at, required: false))
        {
            users[key] = value;
        }

        return new Datamaps(items, users);
    }

    private static IEnumerable<(string Key, string Value)> ReadStringMap(JsonElement root, string property, RowLocation at, bool required)
    {
        if (!root.TryGetProperty(property, out JsonElement map))
        {
            if (required)
            {
                throw at.Error(property, null, "is missing");
            }

            yield break;
        }

        JsonFields.RequireObject(map, at, property);
        foreach (JsonProperty entry in map.EnumerateObject())
        {
            string? value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw at.Error($"{property}.{entry.Name}", JsonFields.Raw(entry.Value), "is not a non-empty string");
            }

            yield return (entry.Name, value);
        }
    }

    private sealed record Datamaps(Dictionary<int, string> ItemIds, Dictionary<string, string> UserIds);
}
