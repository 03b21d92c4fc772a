using AgentRec.Core.Catalog;

namespace AgentRec.Core.Dialogues;

/// <summary>Dialogues of one source together with the catalog their item ids refer to.</summary>
public sealed record DialogueDataset(string Name, ItemCatalog Catalog, IReadOnlyList<RecommendationDialogue> Dialogues)
{
    /// <summary>Recommender turns with gold items (one per source row for ReDial/OpenDialKG).</summary>
    public int RecommendationPointCount => Dialogues.Sum(d => d.Turns.Count(t => t.IsRecommendationPoint));
}
