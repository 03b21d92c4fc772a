using AgentRec.Core.Catalog;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Personas;

/// <summary>What a user's history says about their taste: weighted preferences, interest lines, and how varied it is.</summary>
internal static class PreferenceProfile
{
    /// <summary>Attribute weights from the history: recency-decayed counts, normalised per kind, strongest first, broad kinds first.</summary>
    public static List<AttributePreference> Preferences(IReadOnlyList<CatalogItem> history, double recencyDecay, int maxPerKind)
    {
        var weights = new Dictionary<string, (ItemFact Fact, double Weight, int FirstSeen)>(StringComparer.OrdinalIgnoreCase);
        double itemWeight = 1;
        int seen = 0;
        for (int i = history.Count - 1; i >= 0; i--, itemWeight *= recencyDecay)
        {
            foreach (ItemFact fact in ItemFacts.Of(history[i]))
            {
                weights[fact.Attribute] = weights.TryGetValue(fact.Attribute, out var entry)
                    ? (entry.Fact, entry.Weight + itemWeight, entry.FirstSeen)
                    : (fact, itemWeight, seen++);
            }
        }

        var preferences = new List<AttributePreference>();
        foreach (var kind in weights.Values.GroupBy(w => w.Fact.Kind).OrderBy(g => ItemFacts.KindRank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            double total = kind.Sum(w => w.Weight);
            foreach (var entry in kind.OrderByDescending(w => w.Weight).ThenBy(w => w.FirstSeen).Take(maxPerKind))
            {
                preferences.Add(new AttributePreference(entry.Fact.Kind, entry.Fact.Value, Math.Round(entry.Weight / total, 4)));
            }
        }

        return preferences;
    }

    public static List<string> Interests(IReadOnlyList<AttributePreference> preferences, string noun)
    {
        // The strongest value of each of the three broadest kinds, plus a second genre when there is one.
        var interests = new List<string>();
        foreach (var kind in preferences.GroupBy(p => p.Kind).Take(3))
        {
            foreach (AttributePreference preference in kind.Take(kind.Key == ItemAttribute.Genre ? 2 : 1))
            {
                interests.Add(FactPhrases.Interest(new ItemFact(preference.Kind, preference.Value), noun));
            }
        }

        return interests;
    }

    /// <summary>Normalised entropy of the broadest attribute kind in the history: 0 = one value only, 1 = evenly spread.</summary>
    public static double Diversity(IReadOnlyList<CatalogItem> history)
    {
        List<ItemFact> facts = [.. history.SelectMany(ItemFacts.Of).Where(f => f.Kind != AttributePreference.DecadeKind)];
        if (facts.Count == 0)
        {
            return 0.5;
        }

        int broadest = facts.Min(f => ItemFacts.KindRank(f.Kind));
        int[] counts = [.. facts.Where(f => ItemFacts.KindRank(f.Kind) == broadest)
            .GroupBy(f => f.Value, StringComparer.OrdinalIgnoreCase).Select(g => g.Count())];
        if (counts.Length < 2)
        {
            return 0;
        }

        double total = counts.Sum();
        double entropy = -counts.Sum(c => c / total * Math.Log(c / total));
        return entropy / Math.Log(counts.Length);
    }
}
