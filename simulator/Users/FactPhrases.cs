using AgentRec.Core.Catalog;
using AgentRec.Simulator.Personas;

namespace AgentRec.Simulator.Users;

/// <summary>Plain-English fragments for item facts: "in the Comedy genre", "starring Tom Hanks".</summary>
internal static class FactPhrases
{
    public static string Plural(string noun) => noun.EndsWith('s') ? noun : noun + "s";

    public static string JoinAnd(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => string.Empty,
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };

    /// <summary>What the user calls a kind when talking about it ("the genre", "the cast").</summary>
    public static string KindName(string kind) => kind switch
    {
        ItemAttribute.Genre => "genre",
        ItemAttribute.Category => "category",
        ItemAttribute.Brand => "brand",
        AttributePreference.DecadeKind => "era",
        ItemAttribute.Director => "director",
        ItemAttribute.Actor => "cast",
        ItemAttribute.Writer => "writer",
        ItemAttribute.Language => "language",
        ItemAttribute.Opaque => "features",
        "" => "style",
        _ => kind.Replace('_', ' '),
    };

    /// <summary>Fragments that describe the facts, one per kind, in the order the kinds first appear.</summary>
    public static List<string> Fragments(IEnumerable<ItemFact> facts)
    {
        var kinds = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (ItemFact fact in facts)
        {
            if (!values.TryGetValue(fact.Kind, out List<string>? list))
            {
                list = [];
                values.Add(fact.Kind, list);
                kinds.Add(fact.Kind);
            }

            list.Add(fact.Value);
        }

        return [.. kinds.Select(kind => Fragment(kind, values[kind]))];
    }

    /// <summary>All fragments of <paramref name="facts"/> in one phrase: "in the Comedy genre, from the 1990s and starring Tom Hanks".</summary>
    public static string Describe(IEnumerable<ItemFact> facts) => JoinAnd(Fragments(facts));

    public static string Fragment(string kind, IReadOnlyList<string> values)
    {
        string list = JoinAnd(values);
        bool many = values.Count > 1;
        return kind switch
        {
            ItemAttribute.Genre => $"in the {list} genre{(many ? "s" : string.Empty)}",
            ItemAttribute.Category => $"in the {list} categor{(many ? "ies" : "y")}",
            ItemAttribute.Brand => $"from {list}",
            AttributePreference.DecadeKind => $"from the {list}",
            ItemAttribute.Director => $"directed by {list}",
            ItemAttribute.Actor => $"starring {list}",
            ItemAttribute.Writer => $"written by {list}",
            ItemAttribute.Language => $"in {list}",
            ItemAttribute.Opaque => $"with feature{(many ? "s" : string.Empty)} {list}",
            "" => $"tagged {list}",
            _ => $"with {KindName(kind)} {list}",
        };
    }

    /// <summary>An interest line for a persona: "Comedy movies", "movies starring Tom Hanks".</summary>
    public static string Interest(ItemFact fact, string noun)
    {
        string nouns = Plural(noun);
        return fact.Kind switch
        {
            ItemAttribute.Genre or ItemAttribute.Brand => $"{fact.Value} {nouns}",
            ItemAttribute.Category or "" => fact.Value,
            _ => $"{nouns} {Fragment(fact.Kind, [fact.Value])}",
        };
    }
}
