using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Splits;

public sealed class LeaveOneOutSplitTests
{
    private static SequenceDataset HandMade()
    {
        var catalog = new ItemCatalog(Enumerable.Range(1, 6).Select(i => new CatalogItem($"i{i}")));
        return new SequenceDataset("hand", catalog,
        [
            new UserSequence("a", [1, 2, 3, 4, 5]),
            new UserSequence("b", [6]),
            new UserSequence("c", [2, 3]),
            new UserSequence("d", [4, 5, 6]),
        ]);
    }

    [Fact]
    public void Last_item_is_test_second_to_last_is_valid_rest_is_train()
    {
        LeaveOneOutSplit split = LeaveOneOutSplit.Create(HandMade());

        Assert.Equal(["a", "b", "c", "d"], split.Train.Select(s => s.UserId));
        Assert.Equal([1, 2, 3], split.Train[0].Items);
        Assert.Equal([4], split.Train[3].Items);

        Assert.Equal(["a", "d"], split.Valid.Select(e => e.UserId));
        Assert.Equal([1, 2, 3], split.Valid[0].History);
        Assert.Equal(4, split.Valid[0].Target);
        Assert.Equal([4], split.Valid[1].History);
        Assert.Equal(5, split.Valid[1].Target);

        Assert.Equal([1, 2, 3, 4], split.Test[0].History);
        Assert.Equal(5, split.Test[0].Target);
        Assert.Equal([4, 5], split.Test[1].History);
        Assert.Equal(6, split.Test[1].Target);
    }

    [Fact]
    public void Users_shorter_than_three_stay_whole_in_train_only()
    {
        LeaveOneOutSplit split = LeaveOneOutSplit.Create(HandMade());
        Assert.Equal(2, split.TrainOnlyUserCount);
        Assert.Equal([6], split.Train[1].Items);
        Assert.Equal([2, 3], split.Train[2].Items);
        Assert.DoesNotContain(split.Test, e => e.UserId is "b" or "c");
    }

    [SharedDataFact]
    public async Task Beauty_split_follows_the_s3rec_protocol()
    {
        var (beauty, _) = await SharedDatasets.Beauty();
        LeaveOneOutSplit split = LeaveOneOutSplit.Create(beauty);
        Assert.Equal(22_363, split.Test.Count);
        Assert.Equal(22_363, split.Valid.Count);
        Assert.Equal(0, split.TrainOnlyUserCount);
        Assert.Equal(198_502 - (2 * 22_363), split.Train.Sum(s => s.Count));
        Assert.Equal([1, 2, 3, 4], split.Test[0].History);
        Assert.Equal(5, split.Test[0].Target);
        Assert.Equal(4, split.Valid[0].Target);
    }
}
