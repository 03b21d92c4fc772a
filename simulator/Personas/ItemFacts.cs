using System.Globalization;
using AgentRec.Core.Catalog;

namespace AgentRec.Simulator.Personas;

/// <summary>
/// The facts a user can state about an item: its tagged attributes plus its release decade. Kinds are
/// ranked so that every part of the simulator talks about the broad ones (genre, category) before the
/// narrow ones (cast, opaque ids).
/// </summary>
internal static class ItemFacts
{
    private static readonly string[] KindOrder =
    [
        ItemAttribute.Genre, ItemAttribute.Category, ItemAttribute.Brand, AttributePreference.DecadeKind,
        ItemAttribute.Director, ItemAttribute.Actor, ItemAttribute.Writer, ItemAttribute.Language,
    ];

    public static List<ItemFact> Of(CatalogItem item)
    {
        var facts = new List<ItemFact>();
        foreach (string attribute in item.Attributes)
        {
            (string? kind, string value) = ItemAttribute.Split(attribute);
            value = value.Trim();

            // MovieLens tags a few movies with the genre "unknown"; nobody asks for that.
            if (value.Length == 0 || string.Equals(value, "unknown", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fact = kind == ItemAttribute.Opaque ? new ItemFact(ItemAttribute.Opaque, value) : new ItemFact(kind ?? string.Empty, value);
            if (!facts.Exists(f => f.SameAs(fact)))
            {
                facts.Add(fact);
            }
        }

        if (Decade(item.Year) is string decade)
        {
            facts.Add(new ItemFact(AttributePreference.DecadeKind, decade));
        }

        return facts;
    }

    public static string? Decade(int? year) =>
        year is int y and > 0 ? (y / 10 * 10).ToString(CultureInfo.InvariantCulture) + "s" : null;

    /// <summary>Broad kinds first; other named kinds, then untagged values, then opaque ids last.</summary>
    public static int KindRank(string kind)
    {
        int known = Array.IndexOf(KindOrder, kind);
        if (known >= 0)
        {
            return known;
        }

        return kind switch
        {
            ItemAttribute.Opaque => KindOrder.Length + 2,
            "" => KindOrder.Length + 1,
            _ => KindOrder.Length,
        };
    }

    public static bool Contains(IEnumerable<ItemFact> facts, ItemFact fact) => facts.Any(f => f.SameAs(fact));
}
