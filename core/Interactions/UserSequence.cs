namespace AgentRec.Core.Interactions;

/// <summary>A user's items in chronological order, as 1-based <see cref="Catalog.ItemCatalog"/> indices.</summary>
public sealed record UserSequence(string UserId, IReadOnlyList<int> Items)
{
    public string UserId { get; init; } = !string.IsNullOrWhiteSpace(UserId)
        ? UserId
        : throw new ArgumentException("A user id must not be empty.", nameof(UserId));

    public IReadOnlyList<int> Items { get; init; } = Items ?? throw new ArgumentNullException(nameof(Items));

    public int Count => Items.Count;
}
