using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Dialogues;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads ReDial as prepared by iEvaLM-CRS: <c>id2info.json</c> (movies keyed by ReDial movie id, with
/// plot, genres, cast, director, writer, IMDb id) and <c>test_data_processed.jsonl</c> (recommendation
/// turns). Items: title = name (with year), description = plot, attributes <c>genre:</c>,
/// <c>director:</c>, <c>writer:</c>, <c>actor:</c>; metadata <c>imdb_id</c>.
/// </summary>
public static partial class RedialLoader
{
    public const string DatasetName = "redial";
    public const string DialoguesFile = "test_data_processed.jsonl";
    public const string CatalogFile = "id2info.json";

    public static async Task<LoadResult<DialogueDataset>> LoadAsync(
        string dialoguesPath, string catalogPath, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialoguesPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogPath);
        var policy = new RowErrorPolicy(options);
        ItemCatalog catalog = await CrsCatalogReader.ReadAsync(catalogPath, ParseItem, policy, cancellationToken).ConfigureAwait(false);
        List<RecommendationDialogue> dialogues = await CrsDialogueReader.ReadAsync(dialoguesPath, catalog, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<DialogueDataset>(new DialogueDataset(DatasetName, catalog, dialogues), policy.ToReport());
    }

    public static async Task<LoadResult<ItemCatalog>> LoadCatalogAsync(string catalogPath, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogPath);
        var policy = new RowErrorPolicy(options);
        ItemCatalog catalog = await CrsCatalogReader.ReadAsync(catalogPath, ParseItem, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<ItemCatalog>(catalog, policy.ToReport());
    }

    private static CatalogItem ParseItem(string id, JsonElement entry, RowLocation at)
    {
        string name = JsonFields.String(entry, "name", at, id);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw at.Error($"{id}.name", name, "is empty");
        }

        string? plot = JsonFields.OptionalString(entry, "plot", at, id);
        var attributes = new List<string>();
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Genre, JsonFields.StringArray(entry, "genre", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Director, JsonFields.StringArray(entry, "director", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Writer, JsonFields.StringArray(entry, "writer", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Actor, JsonFields.StringArray(entry, "star", at, id));

        var metadata = new Dictionary<string, string>(1);
        string? imdb = JsonFields.OptionalString(entry, "imdb_id", at, id);
        if (!string.IsNullOrWhiteSpace(imdb))
        {
            metadata["imdb_id"] = imdb;
        }

        Match year = TrailingYear().Match(name);
        return new CatalogItem(id, name, string.IsNullOrWhiteSpace(plot) ? null : plot)
        {
            Attributes = attributes,
            Year = year.Success ? int.Parse(year.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null,
            Metadata = metadata,
        };
    }

    [GeneratedRegex(@"\((\d{4})\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingYear();
}
