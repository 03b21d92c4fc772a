namespace AgentRec.Sequential.Inference;

/// <summary>The top items for one history: item indices (1..N) and their scores, best first.</summary>
public sealed record RankedItems(IReadOnlyList<int> Items, IReadOnlyList<float> Scores);
