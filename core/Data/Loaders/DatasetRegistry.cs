using AgentRec.Core.Catalog;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Interactions;
using AgentRec.Core.NextItem;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// The research datasets AgentRec knows by name, laid out under one data root folder as
/// <c>&lt;root&gt;/&lt;folder&gt;/&lt;files&gt;</c> (the layout of the shared data folder).
/// </summary>
public static class DatasetRegistry
{
    private const string AmazonTerms = "Amazon review data: research use; cite McAuley et al.";
    private const string MiniOneRecTerms = "Amazon 2018 review data (research use), splits from MiniOneRec (Apache-2.0)";

    private static readonly DatasetDescriptor[] Descriptors =
    [
        new("beauty", DatasetKind.Sequences, "amazon-beauty", ["Beauty.txt", "Beauty_item2attributes.json"], ["datamaps.json"], AmazonTerms),
        new("toys", DatasetKind.Sequences, "amazon-toys", ["Toys_and_Games.txt", "Toys_and_Games_item2attributes.json"], [], AmazonTerms),
        new("yelp", DatasetKind.Sequences, "yelp", ["Yelp.txt", "Yelp_item2attributes.json"], ["datamaps.json"], "Yelp Open Dataset terms: academic, non-commercial use"),
        new("ml-100k", DatasetKind.Sequences, "ml-100k", [MovieLensLoader.RatingsFile, MovieLensLoader.ItemsFile, MovieLensLoader.GenresFile], [MovieLensLoader.UsersFile],
            "GroupLens terms: research use only, no redistribution, cite Harper & Konstan 2015"),
        new("redial", DatasetKind.Dialogues, "redial", [RedialLoader.DialoguesFile, RedialLoader.CatalogFile], [], "ReDial: CC BY 4.0"),
        new("opendialkg", DatasetKind.Dialogues, "opendialkg", [OpenDialKGLoader.DialoguesFile, OpenDialKGLoader.CatalogFile], [], "OpenDialKG: CC BY-NC 4.0 (non-commercial)"),
        new("amazon-industrial", DatasetKind.NextItem, "amazon-industrial",
            ["index/Industrial_and_Scientific.item.json", "valid/Industrial_and_Scientific_5_2016-10-2018-11.csv", "test/Industrial_and_Scientific_5_2016-10-2018-11.csv"],
            ["index/Industrial_and_Scientific.index.json"], MiniOneRecTerms),
        new("amazon-office", DatasetKind.NextItem, "amazon-office",
            ["index/Office_Products.item.json", "valid/Office_Products_5_2016-10-2018-11.csv", "test/Office_Products_5_2016-10-2018-11.csv"],
            ["index/Office_Products.index.json"], MiniOneRecTerms),
    ];

    public static IReadOnlyList<string> DatasetNames { get; } = [.. Descriptors.Select(d => d.Name)];

    /// <exception cref="ArgumentException">The name is not registered; the message lists the known names.</exception>
    public static DatasetDescriptor Describe(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Array.Find(Descriptors, d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", DatasetNames)}.", nameof(name));
    }

    /// <summary>Loads a <see cref="DatasetKind.Sequences"/> dataset (beauty, toys, yelp, ml-100k).</summary>
    /// <exception cref="DirectoryNotFoundException">The dataset's folder is missing under <paramref name="dataRoot"/>.</exception>
    /// <exception cref="FileNotFoundException">A required file is missing; the message lists the expected files.</exception>
    public static Task<LoadResult<SequenceDataset>> LoadSequenceDatasetAsync(
        string name, string dataRoot, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        DatasetDescriptor descriptor = Require(name, DatasetKind.Sequences);
        string folder = Locate(descriptor, dataRoot);
        if (descriptor.Name == MovieLensLoader.DatasetName)
        {
            MovieLensLoadOptions movieLens = options as MovieLensLoadOptions
                ?? new MovieLensLoadOptions { SkipInvalidRows = options?.SkipInvalidRows ?? false, MaxReportedReasons = options?.MaxReportedReasons ?? 10 };
            return MovieLensLoader.LoadAsync(folder, movieLens, cancellationToken);
        }

        return S3RecSequenceLoader.LoadAsync(
            descriptor.Name,
            Path.Combine(folder, descriptor.RequiredFiles[0]),
            Path.Combine(folder, descriptor.RequiredFiles[1]),
            OptionalPath(folder, descriptor, 0),
            options,
            cancellationToken);
    }

    /// <summary>Loads a <see cref="DatasetKind.Dialogues"/> dataset (redial, opendialkg).</summary>
    public static Task<LoadResult<DialogueDataset>> LoadDialogueDatasetAsync(
        string name, string dataRoot, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        DatasetDescriptor descriptor = Require(name, DatasetKind.Dialogues);
        string folder = Locate(descriptor, dataRoot);
        string dialogues = Path.Combine(folder, descriptor.RequiredFiles[0]);
        string catalog = Path.Combine(folder, descriptor.RequiredFiles[1]);
        return descriptor.Name == RedialLoader.DatasetName
            ? RedialLoader.LoadAsync(dialogues, catalog, options, cancellationToken)
            : OpenDialKGLoader.LoadAsync(dialogues, catalog, options, cancellationToken);
    }

    /// <summary>Loads a <see cref="DatasetKind.NextItem"/> dataset (amazon-industrial, amazon-office).</summary>
    public static Task<LoadResult<NextItemDataset>> LoadNextItemDatasetAsync(
        string name, string dataRoot, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        DatasetDescriptor descriptor = Require(name, DatasetKind.NextItem);
        string folder = Locate(descriptor, dataRoot);
        return AmazonLlmRecLoader.LoadAsync(
            descriptor.Name,
            Path.Combine(folder, descriptor.RequiredFiles[0]),
            OptionalPath(folder, descriptor, 0),
            Path.Combine(folder, descriptor.RequiredFiles[1]),
            Path.Combine(folder, descriptor.RequiredFiles[2]),
            options,
            cancellationToken);
    }

    /// <summary>Loads only the item catalog of any registered dataset.</summary>
    public static async Task<LoadResult<ItemCatalog>> LoadCatalogAsync(
        string name, string dataRoot, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        DatasetDescriptor descriptor = Describe(name);
        string folder = Locate(descriptor, dataRoot);
        switch (descriptor.Kind)
        {
            case DatasetKind.Dialogues:
                string catalogPath = Path.Combine(folder, descriptor.RequiredFiles[1]);
                return descriptor.Name == RedialLoader.DatasetName
                    ? await RedialLoader.LoadCatalogAsync(catalogPath, options, cancellationToken).ConfigureAwait(false)
                    : await OpenDialKGLoader.LoadCatalogAsync(catalogPath, options, cancellationToken).ConfigureAwait(false);
            case DatasetKind.NextItem:
                return await AmazonLlmRecLoader.LoadCatalogAsync(
                    Path.Combine(folder, descriptor.RequiredFiles[0]), OptionalPath(folder, descriptor, 0), options, cancellationToken).ConfigureAwait(false);
            case DatasetKind.Sequences when descriptor.Name == MovieLensLoader.DatasetName:
                return await MovieLensLoader.LoadCatalogAsync(folder, options, cancellationToken).ConfigureAwait(false);
            default:
                // S3-Rec catalogs are defined by the sequence file (its ids are the item universe).
                LoadResult<SequenceDataset> sequences = await LoadSequenceDatasetAsync(descriptor.Name, dataRoot, options, cancellationToken).ConfigureAwait(false);
                return new LoadResult<ItemCatalog>(sequences.Value.Catalog, sequences.Report);
        }
    }

    private static DatasetDescriptor Require(string name, DatasetKind kind)
    {
        DatasetDescriptor descriptor = Describe(name);
        if (descriptor.Kind != kind)
        {
            string fitting = string.Join(", ", Descriptors.Where(d => d.Kind == kind).Select(d => d.Name));
            throw new ArgumentException(
                $"Dataset '{descriptor.Name}' holds {descriptor.Kind}, not {kind}; {kind} datasets are: {fitting}.", nameof(name));
        }

        return descriptor;
    }

    private static string Locate(DatasetDescriptor descriptor, string dataRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        string folder = Path.Combine(dataRoot, descriptor.Folder);
        string expected = $"'{descriptor.Name}' expects {string.Join(", ", descriptor.RequiredFiles)}"
            + (descriptor.OptionalFiles.Count > 0 ? $" (optional: {string.Join(", ", descriptor.OptionalFiles)})" : string.Empty)
            + $" in {folder}";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{folder}' does not exist. Dataset {expected}.");
        }

        string[] missing = [.. descriptor.RequiredFiles.Where(f => !File.Exists(Path.Combine(folder, f)))];
        if (missing.Length > 0)
        {
            throw new FileNotFoundException(
                $"Dataset {expected}; missing: {string.Join(", ", missing)}.", Path.Combine(folder, missing[0]));
        }

        return folder;
    }

    private static string? OptionalPath(string folder, DatasetDescriptor descriptor, int optionalIndex)
    {
        if (descriptor.OptionalFiles.Count <= optionalIndex)
        {
            return null;
        }

        string path = Path.Combine(folder, descriptor.OptionalFiles[optionalIndex]);
        return File.Exists(path) ? path : null;
    }
}
