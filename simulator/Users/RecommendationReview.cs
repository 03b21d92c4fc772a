using AgentRec.Core.Catalog;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;

namespace AgentRec.Simulator.Users;

/// <summary>
/// How shown items compare with the target: the target's facts they share (what is right), broad facts
/// most of them have and the target lacks (what is wrong), and the nearest miss by attribute overlap.
/// </summary>
/// <param name="Right">Target facts found among the items, most frequent first.</param>
/// <param name="Wrong">Up to two broad facts that at least half the items share and the target lacks.</param>
/// <param name="Closest">Position of the item most like the target when its Jaccard overlap is at least 0.5; otherwise -1.</param>
internal sealed record RecommendationReview(List<ItemFact> Right, List<ItemFact> Wrong, int Closest)
{
    private const double CloseOverlap = 0.5;

    private static readonly HashSet<string> BroadKinds = new(StringComparer.Ordinal)
    {
        ItemAttribute.Genre, ItemAttribute.Category, ItemAttribute.Brand, AttributePreference.DecadeKind, ItemAttribute.Language,
    };

    public static RecommendationReview Of(IReadOnlyList<CatalogItem> items, List<ItemFact> targetFacts, TargetLeakGuard guard)
    {
        List<List<ItemFact>> itemFacts = [.. items.Select(ItemFacts.Of)];
        int Frequency(ItemFact fact) => itemFacts.Count(f => ItemFacts.Contains(f, fact));

        List<ItemFact> right = [.. targetFacts.Where(t => Frequency(t) > 0)
            .OrderByDescending(Frequency).ThenBy(t => ItemFacts.KindRank(t.Kind))];
        List<ItemFact> wrong = [.. itemFacts.SelectMany(f => f)
            .Where(f => BroadKinds.Contains(f.Kind) && !ItemFacts.Contains(targetFacts, f) && !guard.Leaks(f.Value))
            .DistinctBy(f => f.Attribute, StringComparer.OrdinalIgnoreCase)
            .Select(f => (Fact: f, Count: Frequency(f)))
            .Where(f => f.Count * 2 >= items.Count)
            .OrderByDescending(f => f.Count).ThenBy(f => ItemFacts.KindRank(f.Fact.Kind))
            .Take(2)
            .Select(f => f.Fact)];

        int closest = -1;
        double best = 0;
        for (int i = 0; i < itemFacts.Count; i++)
        {
            double overlap = Jaccard(itemFacts[i], targetFacts);
            if (overlap > best)
            {
                (best, closest) = (overlap, i);
            }
        }

        return new RecommendationReview(right, wrong, best >= CloseOverlap ? closest : -1);
    }

    private static double Jaccard(List<ItemFact> a, List<ItemFact> b)
    {
        int shared = a.Count(f => ItemFacts.Contains(b, f));
        int union = a.Count + b.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }
}
