using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using AgentRec.Core.Users;

namespace AgentRec.Core.Tests.Interactions;

public sealed class SequenceDatasetTests
{
    private static ItemCatalog Items(int count) => new(Enumerable.Range(1, count).Select(i => new CatalogItem($"i{i}")));

    [Fact]
    public void Counts_and_popularity()
    {
        var dataset = new SequenceDataset("d", Items(4), [new UserSequence("a", [1, 2, 2]), new UserSequence("b", [2, 4])]);
        Assert.Equal(2, dataset.UserCount);
        Assert.Equal(4, dataset.ItemCount);
        Assert.Equal(5, dataset.InteractionCount);
        Assert.Equal([0, 1, 3, 0, 1], dataset.ItemPopularity());
        Assert.True(dataset.TryGetSequence("b", out UserSequence? b));
        Assert.Equal([2, 4], b.Items);
    }

    [Fact]
    public void Invalid_sequences_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SequenceDataset("d", Items(2), [new UserSequence("a", [1, 3])]));
        Assert.Throws<ArgumentException>(() => new SequenceDataset("d", Items(2), [new UserSequence("a", [0])]));
        Assert.Throws<ArgumentException>(() => new SequenceDataset("d", Items(2), [new UserSequence("a", [])]));
        Assert.Throws<ArgumentException>(() => new SequenceDataset("d", Items(2), [new UserSequence("a", [1]), new UserSequence("a", [2])]));
    }

    [Fact]
    public void K_core_filtering_iterates_to_a_fixed_point_and_compacts_the_catalog()
    {
        // Item 5 is rare; removing it leaves user c with 1 item, whose removal makes item 4 rare too.
        var dataset = new SequenceDataset("d", Items(5),
        [
            new UserSequence("a", [1, 2, 3]),
            new UserSequence("b", [2, 1, 3, 4]),
            new UserSequence("c", [4, 5]),
            new UserSequence("e", [3, 1, 2]),
        ],
        new Dictionary<string, UserProfile> { ["c"] = new("c", new Dictionary<string, string>()), ["a"] = new("a", new Dictionary<string, string> { ["k"] = "v" }) });

        SequenceDataset core = dataset.FilterByMinimumInteractions(minPerUser: 2, minPerItem: 2);
        Assert.Equal(["a", "b", "e"], core.Sequences.Select(s => s.UserId));
        Assert.Equal(["i1", "i2", "i3"], core.Catalog.Select(i => i.Id));
        Assert.Equal([2, 1, 3], core.Sequences[1].Items);
        Assert.Equal(["a"], core.Users.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.FilterByMinimumInteractions(0));
    }

    [Fact]
    public void From_interactions_orders_users_by_first_appearance_and_items_by_time()
    {
        DateTimeOffset t(int s) => DateTimeOffset.FromUnixTimeSeconds(s);
        var dataset = SequenceDataset.FromInteractions("d", Items(3),
        [
            new Interaction("z", "i3", t(30)),
            new Interaction("y", "i1", t(5)),
            new Interaction("z", "i1", t(10)),
            new Interaction("z", "i2", t(30)),
        ]);
        Assert.Equal(["z", "y"], dataset.Sequences.Select(s => s.UserId));
        Assert.Equal([1, 3, 2], dataset.Sequences[0].Items); // tie at 30 keeps input order (i3 before i2)
    }

    [Fact]
    public void From_interactions_rejects_unknown_items_and_mixed_timestamps()
    {
        var unknown = Assert.Throws<ArgumentException>(() => SequenceDataset.FromInteractions("d", Items(1), [new Interaction("u", "nope")]));
        Assert.Contains("'nope'", unknown.Message);
        var mixed = Assert.Throws<ArgumentException>(() => SequenceDataset.FromInteractions("d", Items(2),
            [new Interaction("u", "i1", DateTimeOffset.UnixEpoch), new Interaction("u", "i2")]));
        Assert.Contains("User 'u'", mixed.Message);
    }
}
