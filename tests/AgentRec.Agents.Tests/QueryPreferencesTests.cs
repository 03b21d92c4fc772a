using AgentRec.Agents.Catalog;
using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Tests;

public sealed class QueryPreferencesTests
{
    private static readonly ItemCatalog Movies = new(
    [
        new CatalogItem("1", "Toy Story") { Year = 1995, Attributes = ["genre:Animation", "genre:Comedy", "actor:Tom Hanks"] },
        new CatalogItem("2", "Scream") { Year = 1996, Attributes = ["genre:Horror", "actor:Neve Campbell"] },
        new CatalogItem("3", "Annie Hall") { Year = 1977, Attributes = ["genre:Comedy", "genre:Romance", "director:Woody Allen"] },
        new CatalogItem("4", "Alien") { Year = 1979, Attributes = ["genre:Horror", "genre:Sci-Fi"] },
        new CatalogItem("5", "Forrest Gump") { Year = 1994, Attributes = ["genre:Drama", "actor:Tom Hanks"] },
    ]);

    private static readonly AttributeVocabulary Vocabulary = new(Movies);

    private static QueryPreferences Parse(string text) => QueryPreferences.Parse(text, Vocabulary);

    [Theory]
    [InlineData("I'm not looking for anything in the horror genre.", "horror")]
    [InlineData("Nothing in the Horror genre this time, please.", "horror")]
    [InlineData("I would rather avoid anything in the drama and comedy genres.", "drama|comedy")]
    [InlineData("I am not looking for anything in the drama, comedy and horror genres.", "drama|comedy|horror")]
    [InlineData("Something funny but not horror.", "horror")]
    [InlineData("A comedy and no dramas please", "drama")]
    [InlineData("Horror is not my thing.", "horror")]
    [InlineData("I can't stand anything starring Tom Hanks.", "tom hanks")]
    [InlineData("Nothing with sci-fi, thanks.", "sci-fi")]
    public void Negated_values_are_turned_down(string text, string expected)
    {
        Assert.Equal(expected.Split('|').Order(), Parse(text).ExcludedValues.Order());
    }

    [Theory]
    [InlineData("Any good movies in the horror genre?")]
    [InlineData("No, I want a comedy.")]
    [InlineData("Close on the genre, but no. Something with Tom Hanks.")]
    [InlineData("I'm not sure, maybe something starring Tom Hanks.")]
    [InlineData("I don't mind the genre. Horror or comedy are both fine.")]
    [InlineData("The genre would be right, but not the rest.")]
    [InlineData("I haven't seen a good comedy in a while.")]
    [InlineData("I can't wait to watch a horror movie tonight.")]
    [InlineData("Not only comedy, I also like drama.")]
    public void Wishes_and_hedges_turn_nothing_down(string text)
    {
        var preferences = Parse(text);
        Assert.Empty(preferences.ExcludedValues);
        Assert.False(preferences.HasExclusions);
    }

    [Fact]
    public void A_later_wish_takes_back_an_earlier_refusal()
    {
        Assert.Equal(["comedy"], Parse("Nothing in the horror or comedy genres. Hmm, actually horror is what I'd like.").ExcludedValues);
    }

    [Fact]
    public void Decades_can_be_turned_down()
    {
        var preferences = Parse("Something in the comedy genre. Nothing from the 1970s, please.");
        Assert.Equal([1970], preferences.ExcludedDecades);
        Assert.True(preferences.Excludes(Movies.GetItem("3")));  // Annie Hall, 1977
        Assert.False(preferences.Excludes(Movies.GetItem("1"))); // Toy Story, 1995
        Assert.Equal([1980], Parse("Not the 80s.").ExcludedDecades);
    }

    [Fact]
    public void Turned_down_clauses_stay_out_of_the_query_and_the_rest_is_kept()
    {
        var preferences = Parse("I'd like a comedy. I'm not looking for anything in the horror genre. Maybe with Tom Hanks?");
        Assert.Equal("I'd like a comedy Maybe with Tom Hanks", preferences.Query);
        Assert.True(preferences.Excludes(Movies.GetItem("2")));
        Assert.True(preferences.Excludes(Movies.GetItem("4")));
        Assert.False(preferences.Excludes(Movies.GetItem("5")));
    }

    [Fact]
    public void Plural_words_find_their_value_and_short_or_unknown_values_are_not_vocabulary()
    {
        var catalog = new ItemCatalog([new CatalogItem("1", "x") { Attributes = ["genre:Comedy", "genre:Ab", "genre:unknown"] }]);
        var vocabulary = new AttributeVocabulary(catalog);
        Assert.Equal(1, vocabulary.Count);
        Assert.Equal([("comedy", 1)], vocabulary.Find(["no", "comedies"]));
    }

    [Fact]
    public async Task Search_leaves_out_what_the_user_turned_down()
    {
        var search = await AgentFixtures.SearchAsync();
        var vocabulary = new AttributeVocabulary(search.Catalog);
        string wish = "an animated movie in the comedy genre";
        var plain = await search.SearchAsync(wish, 10);
        string genre = plain.SelectMany(h => h.Item.Attributes).Where(a => a.StartsWith("genre:", StringComparison.Ordinal))
            .Select(a => a["genre:".Length..]).First(g => !g.Equals("Comedy", StringComparison.OrdinalIgnoreCase) && !g.Equals("Animation", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plain, h => h.Item.Attributes.Contains("genre:" + genre));

        var refined = await search.SearchAsync($"{wish}. Nothing in the {genre} genre, please.", 10);
        Assert.Equal(10, refined.Count);
        Assert.DoesNotContain(refined, h => h.Item.Attributes.Contains("genre:" + genre, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(plain.Where(h => !h.Item.Attributes.Contains("genre:" + genre)).Select(h => h.Item.Id), refined.Select(h => h.Item.Id).Take(plain.Count(h => !h.Item.Attributes.Contains("genre:" + genre))));
        Assert.True(vocabulary.Count > 20);
    }
}
