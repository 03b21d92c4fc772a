using AgentRec.Core.Catalog;
using AgentRec.Core.Users;

namespace AgentRec.Core.Interactions;

/// <summary>
/// A sequential-recommendation dataset: a catalog and, per user, their items in chronological order.
/// Every sequence is non-empty and every item index lies in <c>1..Catalog.Count</c>.
/// </summary>
public sealed class SequenceDataset
{
    private static readonly IReadOnlyDictionary<string, UserProfile> NoProfiles = new Dictionary<string, UserProfile>(0);

    private readonly Dictionary<string, int> _positionByUser;

    /// <exception cref="ArgumentException">A sequence is empty, holds an index outside the catalog, or two share a user id.</exception>
    public SequenceDataset(string name, ItemCatalog catalog, IReadOnlyList<UserSequence> sequences, IReadOnlyDictionary<string, UserProfile>? users = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(sequences);

        _positionByUser = new Dictionary<string, int>(sequences.Count, StringComparer.Ordinal);
        long interactions = 0;
        for (int s = 0; s < sequences.Count; s++)
        {
            UserSequence sequence = sequences[s] ?? throw new ArgumentException($"Sequence {s} is null.", nameof(sequences));
            if (!_positionByUser.TryAdd(sequence.UserId, s))
            {
                throw new ArgumentException($"User '{sequence.UserId}' has more than one sequence.", nameof(sequences));
            }

            if (sequence.Count == 0)
            {
                throw new ArgumentException($"User '{sequence.UserId}' has an empty sequence.", nameof(sequences));
            }

            for (int i = 0; i < sequence.Items.Count; i++)
            {
                int index = sequence.Items[i];
                if (index < 1 || index > catalog.Count)
                {
                    throw new ArgumentException(
                        $"User '{sequence.UserId}' item {i} has index {index}, outside the catalog's 1..{catalog.Count}.", nameof(sequences));
                }
            }

            interactions += sequence.Count;
        }

        Name = name;
        Catalog = catalog;
        Sequences = sequences;
        Users = users ?? NoProfiles;
        InteractionCount = interactions;
    }

    public string Name { get; }

    public ItemCatalog Catalog { get; }

    /// <summary>One sequence per user, in the dataset's user order.</summary>
    public IReadOnlyList<UserSequence> Sequences { get; }

    /// <summary>Profiles keyed by user id; empty when the dataset has none.</summary>
    public IReadOnlyDictionary<string, UserProfile> Users { get; }

    public int UserCount => Sequences.Count;

    public int ItemCount => Catalog.Count;

    public long InteractionCount { get; }

    public bool TryGetSequence(string userId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UserSequence? sequence)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (_positionByUser.TryGetValue(userId, out int position))
        {
            sequence = Sequences[position];
            return true;
        }

        sequence = null;
        return false;
    }

    /// <summary>
    /// How often each item occurs across all sequences, indexed by item index: the array has
    /// <c>Catalog.Count + 1</c> entries and entry 0 (padding) is always 0.
    /// </summary>
    public int[] ItemPopularity()
    {
        var counts = new int[Catalog.Count + 1];
        foreach (UserSequence sequence in Sequences)
        {
            foreach (int index in sequence.Items)
            {
                counts[index]++;
            }
        }

        return counts;
    }

    /// <summary>k-core filtering with the same threshold for users and items.</summary>
    public SequenceDataset FilterByMinimumInteractions(int k) => FilterByMinimumInteractions(k, k);

    /// <summary>
    /// Repeatedly drops occurrences of items seen fewer than <paramref name="minPerItem"/> times and users
    /// left with fewer than <paramref name="minPerUser"/> items, until both hold (k-core). The result has a
    /// new, compacted catalog holding exactly the items that still occur, so item indices change; item ids
    /// and the relative order of each user's items do not.
    /// </summary>
    public SequenceDataset FilterByMinimumInteractions(int minPerUser, int minPerItem)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minPerUser, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPerItem, 1);

        List<(string User, List<int> Items)> current = [.. Sequences.Select(s => (s.UserId, s.Items.ToList()))];
        bool changed = true;
        while (changed)
        {
            changed = false;
            var counts = new int[Catalog.Count + 1];
            foreach ((_, List<int> items) in current)
            {
                foreach (int index in items)
                {
                    counts[index]++;
                }
            }

            foreach ((_, List<int> items) in current)
            {
                if (items.RemoveAll(index => counts[index] < minPerItem) > 0)
                {
                    changed = true;
                }
            }

            if (current.RemoveAll(s => s.Items.Count < minPerUser) > 0)
            {
                changed = true;
            }
        }

        // Compact: keep surviving items in their old index order.
        var newIndex = new int[Catalog.Count + 1];
        foreach ((_, List<int> items) in current)
        {
            foreach (int index in items)
            {
                newIndex[index] = 1;
            }
        }

        var kept = new List<CatalogItem>();
        for (int old = 1; old <= Catalog.Count; old++)
        {
            if (newIndex[old] != 0)
            {
                kept.Add(Catalog.ItemAt(old));
                newIndex[old] = kept.Count;
            }
        }

        UserSequence[] sequences = [.. current.Select(s => new UserSequence(s.User, s.Items.Select(i => newIndex[i]).ToArray()))];
        Dictionary<string, UserProfile> users = sequences
            .Where(s => Users.ContainsKey(s.UserId))
            .ToDictionary(s => s.UserId, s => Users[s.UserId], StringComparer.Ordinal);
        return new SequenceDataset(Name, new ItemCatalog(kept), sequences, users);
    }

    /// <summary>
    /// Groups interactions into per-user sequences. Users appear in order of their first interaction.
    /// A user whose interactions all carry timestamps is sorted by time, ties kept in input order (stable);
    /// a user with no timestamps keeps input order; a mix of both is an error, since no order would be right.
    /// </summary>
    /// <exception cref="ArgumentException">An item id is not in the catalog, or a user mixes timed and untimed interactions.</exception>
    public static SequenceDataset FromInteractions(
        string name,
        ItemCatalog catalog,
        IEnumerable<Interaction> interactions,
        IReadOnlyDictionary<string, UserProfile>? users = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(interactions);

        var byUser = new Dictionary<string, List<(DateTimeOffset? Time, int Position, int Index)>>(StringComparer.Ordinal);
        var userOrder = new List<string>();
        int position = 0;
        foreach (Interaction interaction in interactions)
        {
            ArgumentNullException.ThrowIfNull(interaction, nameof(interactions));
            if (!catalog.TryGetIndex(interaction.ItemId, out int index))
            {
                throw new ArgumentException(
                    $"Interaction {position} (user '{interaction.UserId}') names item '{interaction.ItemId}', which is not in the catalog.", nameof(interactions));
            }

            if (!byUser.TryGetValue(interaction.UserId, out var events))
            {
                events = [];
                byUser.Add(interaction.UserId, events);
                userOrder.Add(interaction.UserId);
            }

            events.Add((interaction.Timestamp, position++, index));
        }

        var sequences = new UserSequence[userOrder.Count];
        for (int u = 0; u < userOrder.Count; u++)
        {
            var events = byUser[userOrder[u]];
            int timed = events.Count(e => e.Time.HasValue);
            if (timed == events.Count)
            {
                events.Sort(static (a, b) =>
                {
                    int byTime = a.Time!.Value.CompareTo(b.Time!.Value);
                    return byTime != 0 ? byTime : a.Position.CompareTo(b.Position);
                });
            }
            else if (timed != 0)
            {
                throw new ArgumentException(
                    $"User '{userOrder[u]}' has {timed} interactions with a timestamp and {events.Count - timed} without; their order is undefined.", nameof(interactions));
            }

            sequences[u] = new UserSequence(userOrder[u], events.Select(e => e.Index).ToArray());
        }

        return new SequenceDataset(name, catalog, sequences, users);
    }
}
