using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Text;
using AgentRec.Core.Interactions;
using AgentRec.Core.Users;

namespace AgentRec.Core.Data.Loaders;

/// <summary>
/// Loads MovieLens 100K from its folder: <c>u.item</c> (pipe-separated, Latin-1) with the genre
/// flags named by <c>u.genre</c>, optional <c>u.user</c> demographics, and <c>u.data</c> ratings.
/// Each user's ratings become their sequence, sorted by timestamp with ties kept in file order;
/// users are ordered by their numeric id. Item ids are the MovieLens movie ids.
/// </summary>
public static partial class MovieLensLoader
{
    public const string DatasetName = "ml-100k";
    public const string RatingsFile = "u.data";
    public const string ItemsFile = "u.item";
    public const string GenresFile = "u.genre";
    public const string UsersFile = "u.user";

    /// <summary>GroupLens' placeholder title for the one movie it could not identify (id 267); it becomes a null title.</summary>
    private const string UnknownTitle = "unknown";

    private const int FixedItemFields = 5;

    public static async Task<LoadResult<SequenceDataset>> LoadAsync(
        string folder,
        MovieLensLoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new MovieLensLoadOptions();
        var policy = new RowErrorPolicy(options);

        ItemCatalog catalog = await ReadCatalogAsync(folder, policy, cancellationToken).ConfigureAwait(false);
        string usersPath = Path.Combine(folder, UsersFile);
        Dictionary<string, UserProfile> users = File.Exists(usersPath)
            ? await ReadUsersAsync(usersPath, policy, cancellationToken).ConfigureAwait(false)
            : [];

        string ratingsPath = Path.Combine(folder, RatingsFile);
        var rows = new List<(int User, Interaction Interaction)>(100_000);
        using (StreamReader reader = DataFile.OpenText(ratingsPath))
        {
            int lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                policy.CountRow();
                var at = new RowLocation(ratingsPath, lineNumber);
                try
                {
                    string[] fields = line.Split('\t');
                    if (fields.Length != 4)
                    {
                        throw at.Error(null, null, $"has {fields.Length} tab-separated fields, expected 4 (user, item, rating, timestamp)");
                    }

                    int user = PositiveInt(fields[0], "user", at);
                    int item = PositiveInt(fields[1], "item", at);
                    string itemId = item.ToString(CultureInfo.InvariantCulture);
                    if (!catalog.Contains(itemId))
                    {
                        throw at.Error("item", fields[1], $"is not a movie of {ItemsFile}");
                    }

                    if (!int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rating))
                    {
                        throw at.Error("rating", fields[2], "is not an integer");
                    }

                    if (!long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                        || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                    {
                        throw at.Error("timestamp", fields[3], "is not a Unix time in seconds");
                    }

                    if (options.MinimumRating is int minimum && rating < minimum)
                    {
                        policy.CountFiltered();
                        continue;
                    }

                    var interaction = new Interaction(
                        user.ToString(CultureInfo.InvariantCulture), itemId, DateTimeOffset.FromUnixTimeSeconds(seconds), rating);
                    rows.Add((user, interaction));
                }
                catch (DataFormatException ex) when (policy.TrySkip(ex))
                {
                }
            }
        }

        // OrderBy is stable, so within a user the file order survives as the timestamp tie-break.
        IEnumerable<Interaction> ordered = rows.OrderBy(r => r.User).Select(r => r.Interaction);
        var dataset = SequenceDataset.FromInteractions(DatasetName, catalog, ordered, users);
        return new LoadResult<SequenceDataset>(dataset, policy.ToReport());
    }

    /// <summary>The 1,682 movies: titles with year, genres as <c>genre:&lt;name&gt;</c>, release date and IMDb URL as metadata.</summary>
    public static async Task<LoadResult<ItemCatalog>> LoadCatalogAsync(string folder, LoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var policy = new RowErrorPolicy(options);
        ItemCatalog catalog = await ReadCatalogAsync(folder, policy, cancellationToken).ConfigureAwait(false);
        return new LoadResult<ItemCatalog>(catalog, policy.ToReport());
    }

    private static async Task<ItemCatalog> ReadCatalogAsync(string folder, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        List<string> genres = await ReadGenresAsync(Path.Combine(folder, GenresFile), cancellationToken).ConfigureAwait(false);
        string itemsPath = Path.Combine(folder, ItemsFile);
        var items = new List<CatalogItem>(1700);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        using StreamReader reader = DataFile.OpenText(itemsPath, Encoding.Latin1);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            policy.CountRow();
            var at = new RowLocation(itemsPath, lineNumber);
            try
            {
                string[] fields = line.Split('|');
                if (fields.Length != FixedItemFields + genres.Count)
                {
                    throw at.Error(null, null, $"has {fields.Length} '|'-separated fields, expected {FixedItemFields + genres.Count} (5 + one flag per genre of {GenresFile})");
                }

                string id = PositiveInt(fields[0], "movie id", at).ToString(CultureInfo.InvariantCulture);
                if (!seen.TryAdd(id, lineNumber))
                {
                    throw at.Error("movie id", fields[0], $"repeats the movie of line {seen[id]}");
                }

                string rawTitle = fields[1].Trim();
                string? title = rawTitle.Length == 0 || rawTitle == UnknownTitle ? null : rawTitle;
                var attributes = new List<string>();
                for (int g = 0; g < genres.Count; g++)
                {
                    string flag = fields[FixedItemFields + g];
                    if (flag == "1")
                    {
                        attributes.Add(ItemAttribute.Create(ItemAttribute.Genre, genres[g]));
                    }
                    else if (flag != "0")
                    {
                        throw at.Error($"genre {genres[g]}", flag, "is not 0 or 1");
                    }
                }

                var metadata = new Dictionary<string, string>(3);
                AddIfPresent(metadata, "release_date", fields[2]);
                AddIfPresent(metadata, "video_release_date", fields[3]);
                AddIfPresent(metadata, "imdb_url", fields[4]);
                items.Add(new CatalogItem(id, title)
                {
                    Attributes = attributes,
                    Year = YearOf(title, fields[2]),
                    Metadata = metadata,
                });
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return new ItemCatalog(items);
    }

    private static async Task<List<string>> ReadGenresAsync(string path, CancellationToken cancellationToken)
    {
        var genres = new List<string>(19);
        using StreamReader reader = DataFile.OpenText(path, Encoding.Latin1);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var at = new RowLocation(path, lineNumber);
            int bar = line.LastIndexOf('|');
            if (bar <= 0)
            {
                throw at.Error(null, line, "is not 'name|index'");
            }

            if (!int.TryParse(line.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index != genres.Count)
            {
                throw at.Error("index", line[(bar + 1)..], $"should be {genres.Count} (genres are numbered in file order from 0)");
            }

            genres.Add(line[..bar].Trim());
        }

        return genres.Count > 0 ? genres : throw new DataFormatException(path, 0, "lists no genres");
    }

    private static async Task<Dictionary<string, UserProfile>> ReadUsersAsync(string path, RowErrorPolicy policy, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
        using StreamReader reader = DataFile.OpenText(path, Encoding.Latin1);
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
                string[] fields = line.Split('|');
                if (fields.Length != 5)
                {
                    throw at.Error(null, null, $"has {fields.Length} '|'-separated fields, expected 5 (user, age, gender, occupation, zip code)");
                }

                string id = PositiveInt(fields[0], "user", at).ToString(CultureInfo.InvariantCulture);
                PositiveInt(fields[1], "age", at);
                var attributes = new Dictionary<string, string>(4)
                {
                    ["age"] = fields[1],
                    ["gender"] = fields[2],
                    ["occupation"] = fields[3],
                    ["zip_code"] = fields[4],
                };
                if (!users.TryAdd(id, new UserProfile(id, attributes)))
                {
                    throw at.Error("user", fields[0], "appears twice");
                }
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
            }
        }

        return users;
    }

    private static int PositiveInt(string text, string field, RowLocation at) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw at.Error(field, text, "is not a positive integer");

    private static void AddIfPresent(Dictionary<string, string> metadata, string key, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            metadata[key] = value.Trim();
        }
    }

    // The year in the title ("Toy Story (1995)", "... (1995) (V)") wins; the release date is the fallback.
    private static int? YearOf(string? title, string releaseDate)
    {
        if (title is not null)
        {
            Match match = TitleYear().Match(title);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            }
        }

        return DateTime.TryParseExact(releaseDate, "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date)
            ? date.Year
            : null;
    }

    [GeneratedRegex(@"\((\d{4})\)", RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex TitleYear();
}
