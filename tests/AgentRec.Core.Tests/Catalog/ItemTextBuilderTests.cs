using AgentRec.Core.Catalog;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Catalog;

public sealed class ItemTextBuilderTests
{
    [Fact]
    public void Movie_text_groups_attributes_by_kind_in_fixed_order()
    {
        var item = new CatalogItem("m1", "Alien", "In space,\n  no one can hear you scream.")
        {
            Year = 1979,
            Attributes = ["actor:Sigourney Weaver", "genre:horror", "director:Ridley Scott", "genre:sci-fi", "mood:tense", "Cult"],
        };
        Assert.Equal(
            "Alien (1979). Genres: horror, sci-fi. Directors: Ridley Scott. Cast: Sigourney Weaver. Mood: tense. Tags: Cult. In space, no one can hear you scream.",
            ItemTextBuilder.Default.Build(item));
    }

    [Fact]
    public void Year_already_in_title_is_not_repeated()
    {
        var item = new CatalogItem("1", "Toy Story (1995)") { Year = 1995, Attributes = ["genre:Comedy"] };
        Assert.Equal("Toy Story (1995). Genres: Comedy.", ItemTextBuilder.Default.Build(item));
    }

    [Fact]
    public void Opaque_items_give_id_and_attribute_tokens()
    {
        var item = new CatalogItem("B004756YJA") { Attributes = ["attr:173", "attr:1"] };
        Assert.Equal("Item B004756YJA. Attributes: attr:173, attr:1.", ItemTextBuilder.Default.Build(item));
    }

    [Fact]
    public void Long_descriptions_are_cut_at_a_word_and_lists_are_capped()
    {
        var builder = new ItemTextBuilder(new ItemTextOptions { MaxDescriptionLength = 20, MaxValuesPerKind = 2 });
        var item = new CatalogItem("p", "Pen", "A smooth pen that writes in blue ink for years.")
        {
            Attributes = ["actor:A", "actor:B", "actor:C"],
        };
        Assert.Equal("Pen. Cast: A, B. A smooth pen that…", builder.Build(item));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemTextBuilder(new ItemTextOptions { MaxDescriptionLength = 0 }));
    }

    [SharedDataFact]
    public async Task Real_items_give_stable_text()
    {
        var (redial, _) = await SharedDatasets.Redial();
        string text = ItemTextBuilder.Default.Build(redial.Catalog.GetItem("100026"));
        Assert.Equal(
            "Pari (1995). Genres: drama, romance. Directors: Dariush Mehrjui. Writers: J.D. Salinger, Dariush Mehrjui. " +
            "Cast: Niki Karimi, Khosro Shakibai, Ali Mosaffa. Haunted by a book found in her dead brother's room, Pari wanders around to find answers for a meaningful life.",
            text);

        var (beauty, _) = await SharedDatasets.Beauty();
        Assert.Equal("Item B004756YJA. Attributes: attr:173, attr:1, attr:162, attr:171.", ItemTextBuilder.Default.Build(beauty.Catalog.ItemAt(1)));
    }
}
