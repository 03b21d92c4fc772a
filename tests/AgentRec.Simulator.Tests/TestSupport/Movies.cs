using AgentRec.Core.Catalog;
using AgentRec.Simulator.Personas;

namespace AgentRec.Simulator.Tests.TestSupport;

/// <summary>A small hand-made movie catalog and personas over it, for exact expectations.</summary>
internal static class Movies
{
    public static readonly CatalogItem Target = Movie("10", "Toy Story (1995)", 1995, "genre:Animation", "genre:Comedy", "actor:Tom Hanks", "director:John Lasseter");
    public static readonly CatalogItem SameGenre = Movie("11", "Aladdin (1992)", 1992, "genre:Animation", "genre:Comedy", "actor:Robin Williams");
    public static readonly CatalogItem Horror = Movie("12", "Scream (1996)", 1996, "genre:Horror", "actor:Neve Campbell");
    public static readonly CatalogItem Thriller = Movie("13", "Se7en (1995)", 1995, "genre:Thriller", "genre:Crime", "actor:Brad Pitt");
    public static readonly CatalogItem Drama = Movie("14", "Forrest Gump (1994)", 1994, "genre:Drama", "actor:Tom Hanks");
    public static readonly CatalogItem OldComedy = Movie("15", "Some Like It Hot (1959)", 1959, "genre:Comedy", "actor:Marilyn Monroe");

    public static readonly ItemCatalog Catalog = new([Target, SameGenre, Horror, Thriller, Drama, OldComedy]);

    public static CatalogItem Movie(string id, string title, int year, params string[] attributes) =>
        new(id, title) { Year = year, Attributes = attributes };

    public static Persona Persona(
        CatalogItem? target = null,
        double efficiency = 0.5,
        double detail = 0.5,
        double exploration = 0.5,
        double verbosity = 0.5,
        double formality = 0.2,
        double typoRate = 0,
        int seed = 7,
        IReadOnlyList<CatalogItem>? history = null) =>
        new(
            "u1",
            target ?? Target,
            history ?? [SameGenre, Drama],
            [new AttributePreference("genre", "Comedy", 0.5), new AttributePreference("genre", "Animation", 0.3)],
            ["watches movies on weekend evenings"],
            ["Comedy movies"],
            new LinguisticTraits(verbosity, formality, typoRate),
            new Orientations(efficiency, detail, exploration))
        {
            ItemNoun = "movie",
            Seed = seed,
        };
}
