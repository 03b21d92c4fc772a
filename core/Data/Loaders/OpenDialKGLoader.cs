using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Dialogues;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads OpenDialKG as prepared by iEvaLM-CRS: <c>id2info.json</c> (movies and books:
/// name, year, actor, director, genre, language, writer; no plot) and
/// <c>test_data_processed.jsonl</c>. OpenDialKG is CC BY-NC 4.0.
/// </summary>
public static class OpenDialKGLoader
{
    public const string DatasetName = "opendialkg";
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

        // Years are strings, sometimes null, and negative for ancient books ("-500").
        string? yearText = JsonFields.OptionalString(entry, "year", at, id);
        int? year = null;
        if (!string.IsNullOrWhiteSpace(yearText))
        {
            year = int.TryParse(yearText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed)
                ? parsed
                : throw at.Error($"{id}.year", yearText, "is not an integer year");
        }

        var attributes = new List<string>();
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Genre, JsonFields.StringArray(entry, "genre", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Director, JsonFields.StringArray(entry, "director", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Writer, JsonFields.StringArray(entry, "writer", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Actor, JsonFields.StringArray(entry, "actor", at, id));
        CrsCatalogReader.AddAttributes(attributes, ItemAttribute.Language, JsonFields.StringArray(entry, "language", at, id));
        return new CatalogItem(id, name) { Attributes = attributes, Year = year };
    }
}
