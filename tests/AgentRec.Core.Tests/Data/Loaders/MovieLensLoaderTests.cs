using System.Text;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Interactions;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class MovieLensLoaderTests
{
    private static string Folder => SharedData.Path("ml-100k");

    private static List<string> IdsOf(SequenceDataset dataset, string user)
    {
        Assert.True(dataset.TryGetSequence(user, out UserSequence? sequence));
        return [.. sequence.Items.Select(i => dataset.Catalog.ItemAt(i).Id)];
    }

    [SharedDataFact]
    public async Task Counts_match_u_info()
    {
        var (dataset, report) = await SharedDatasets.MovieLens();
        Assert.Equal(943, dataset.UserCount);
        Assert.Equal(1_682, dataset.ItemCount);
        Assert.Equal(100_000, dataset.InteractionCount);
        Assert.Equal(1_682 + 943 + 100_000, report.RowsRead);
        Assert.Equal("1", dataset.Sequences[0].UserId);
        Assert.Equal("943", dataset.Sequences[^1].UserId);
    }

    [SharedDataFact]
    public async Task Latin1_titles_decode()
    {
        var (catalog, _) = await MovieLensLoader.LoadCatalogAsync(Folder);
        Assert.Equal("Misérables, Les (1995)", catalog.GetItem("543").Title);
        Assert.Equal("Á köldum klaka (Cold Fever) (1994)", catalog.GetItem("1633").Title);
        Assert.Equal(1994, catalog.GetItem("1633").Year);
    }

    [SharedDataFact]
    public async Task Genres_years_and_metadata()
    {
        var (catalog, _) = await MovieLensLoader.LoadCatalogAsync(Folder);
        CatalogItem toyStory = catalog.ItemAt(1);
        Assert.Equal("1", toyStory.Id);
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(1995, toyStory.Year);
        Assert.Equal(["genre:Animation", "genre:Children's", "genre:Comedy"], toyStory.Attributes);
        Assert.Equal("01-Jan-1995", toyStory.Metadata["release_date"]);
        Assert.Equal("http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)", toyStory.Metadata["imdb_url"]);
        Assert.False(toyStory.Metadata.ContainsKey("video_release_date"));

        // "(1995) (V)": the year is the last four-digit group in parentheses.
        Assert.Equal(1995, catalog.GetItem("1412").Year);

        // Movie 267 is GroupLens' "unknown" placeholder with no date.
        CatalogItem unknown = catalog.GetItem("267");
        Assert.Null(unknown.Title);
        Assert.Null(unknown.Year);
        Assert.Equal(["genre:unknown"], unknown.Attributes);
    }

    [SharedDataFact]
    public async Task Sequences_sort_by_time_with_ties_in_file_order()
    {
        var (dataset, _) = await SharedDatasets.MovieLens();
        List<string> user1 = IdsOf(dataset, "1");
        Assert.Equal(272, user1.Count);
        // 168 (line 59973) and 172 (line 92488) share timestamp 874965478.
        Assert.Equal(["168", "172", "165", "156", "196"], user1.Take(5));
        Assert.Equal("102", user1[^1]);

        // User 196 rated 242 (line 1), 286 (line 13734), 269 (line 78788) in the same second.
        Assert.Equal(["242", "286", "269", "306"], IdsOf(dataset, "196").Take(4));
    }

    [SharedDataFact]
    public async Task Demographics_become_user_profiles()
    {
        var (dataset, _) = await SharedDatasets.MovieLens();
        Assert.Equal(943, dataset.Users.Count);
        var profile = dataset.Users["1"].Attributes;
        Assert.Equal("24", profile["age"]);
        Assert.Equal("M", profile["gender"]);
        Assert.Equal("technician", profile["occupation"]);
        Assert.Equal("85711", profile["zip_code"]);
    }

    [SharedDataFact]
    public async Task Minimum_rating_filters_and_reports()
    {
        var (dataset, report) = await MovieLensLoader.LoadAsync(Folder, new MovieLensLoadOptions { MinimumRating = 4 });
        Assert.Equal(55_375, dataset.InteractionCount);
        Assert.Equal(942, dataset.UserCount);
        Assert.Equal(44_625, report.RowsFiltered);
        Assert.Equal(0, report.RowsSkipped);
    }

    private static string WriteFixture(TempFolder temp, string ratings)
    {
        temp.Write("ml/u.genre", "unknown|0\nAction|1\nComédie|2\n\n", Encoding.Latin1);
        temp.Write("ml/u.item", "1|Amélie (2001)|01-Jan-2001||http://x|0|0|1\n2|Heat (1995)|01-Jan-1995||http://y|0|1|0\n", Encoding.Latin1);
        temp.Write("ml/u.data", ratings);
        return Path.Combine(temp.Path, "ml");
    }

    [Fact]
    public async Task Bad_rating_names_file_line_field_and_value()
    {
        using var temp = new TempFolder();
        var lines = Enumerable.Range(1, 16).Select(i => $"{(i % 3) + 1}\t{(i % 2) + 1}\t4\t{880000000 + i}").ToList();
        lines.Add("7\t1\tx\t880000100");
        string folder = WriteFixture(temp, string.Join("\n", lines) + "\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => MovieLensLoader.LoadAsync(folder));
        Assert.Equal("u.data line 17: field 'rating' = 'x' is not an integer", error.Message);
        Assert.Equal(Path.Combine(folder, "u.data"), error.FilePath);
        Assert.Equal(17, error.LineNumber);
        Assert.Equal("rating", error.Field);
        Assert.Equal("x", error.Value);
    }

    [Fact]
    public async Task Fixture_genres_decode_as_latin1_and_unknown_items_are_rejected()
    {
        using var temp = new TempFolder();
        string folder = WriteFixture(temp, "1\t1\t5\t10\n1\t3\t5\t11\n");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => MovieLensLoader.LoadAsync(folder));
        Assert.Equal("u.data line 2: field 'item' = '3' is not a movie of u.item", error.Message);

        var (catalog, _) = await MovieLensLoader.LoadCatalogAsync(folder);
        Assert.Equal("Amélie (2001)", catalog.ItemAt(1).Title);
        Assert.Equal(["genre:Comédie"], catalog.ItemAt(1).Attributes);
    }

    [Fact]
    public async Task Skipping_reports_each_bad_row()
    {
        using var temp = new TempFolder();
        string folder = WriteFixture(temp, "1\t1\t5\t10\n1\t2\tx\t11\n2\t2\n3\t9\t1\t12\n2\t1\t3\tsoon\n2\t2\t1\t5\n");
        var (dataset, report) = await MovieLensLoader.LoadAsync(folder, new MovieLensLoadOptions { SkipInvalidRows = true, MaxReportedReasons = 2 });
        Assert.Equal(2, dataset.InteractionCount);
        Assert.Equal(2 + 6, report.RowsRead);
        Assert.Equal(4, report.RowsSkipped);
        Assert.Equal(
            ["u.data line 2: field 'rating' = 'x' is not an integer", "u.data line 3: has 2 tab-separated fields, expected 4 (user, item, rating, timestamp)"],
            report.SkipReasons);
    }

    [Fact]
    public async Task Bad_genre_flag_names_the_genre()
    {
        using var temp = new TempFolder();
        string folder = WriteFixture(temp, "1\t1\t5\t10\n");
        temp.Write("ml/u.item", "1|A (2001)|||u|0|2|0\n", Encoding.Latin1);
        var error = await Assert.ThrowsAsync<DataFormatException>(() => MovieLensLoader.LoadCatalogAsync(folder));
        Assert.Equal("u.item line 1: field 'genre Action' = '2' is not 0 or 1", error.Message);
    }
}
