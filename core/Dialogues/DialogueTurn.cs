namespace AgentRec.Core.Dialogues;

/// <summary>One utterance of a recommendation dialogue.</summary>
/// <param name="Role">Who speaks.</param>
/// <param name="Text">The utterance; may be empty where the source keeps a placeholder (ReDial dialogues the recommender opened).</param>
/// <param name="MentionedItemIds">Catalog ids of the annotated items this utterance names.</param>
/// <param name="GoldItemIds">For a recommender turn that is an evaluation point: the catalog ids it recommends; otherwise empty.</param>
public sealed record DialogueTurn(
    DialogueRole Role,
    string Text,
    IReadOnlyList<string> MentionedItemIds,
    IReadOnlyList<string> GoldItemIds)
{
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));

    /// <summary>True when this turn carries gold recommendations to evaluate against.</summary>
    public bool IsRecommendationPoint => GoldItemIds.Count > 0;
}
