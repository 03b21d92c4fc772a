namespace AgentRec.Core.Dialogues;

/// <summary>A conversational-recommendation dialogue with its evaluation points.</summary>
/// <param name="Id">The source's dialogue id.</param>
/// <param name="Turns">All utterances in order; roles alternate.</param>
/// <param name="MentionedEntities">Every annotated entity name of the dialogue, in order of first mention, including
/// those that are not catalog items (actors, genres, unlinked titles).</param>
public sealed record RecommendationDialogue(string Id, IReadOnlyList<DialogueTurn> Turns, IReadOnlyList<string> MentionedEntities)
{
    public string Id { get; init; } = !string.IsNullOrWhiteSpace(Id)
        ? Id
        : throw new ArgumentException("A dialogue id must not be empty.", nameof(Id));

    /// <summary>Positions in <see cref="Turns"/> of the recommender turns that carry gold items.</summary>
    public IEnumerable<int> RecommendationPoints()
    {
        for (int i = 0; i < Turns.Count; i++)
        {
            if (Turns[i].IsRecommendationPoint)
            {
                yield return i;
            }
        }
    }

    /// <summary>The turns before <paramref name="turnIndex"/>: what an agent has seen when it must answer.</summary>
    public IReadOnlyList<DialogueTurn> ContextBefore(int turnIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(turnIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(turnIndex, Turns.Count);
        return [.. Turns.Take(turnIndex)];
    }
}
