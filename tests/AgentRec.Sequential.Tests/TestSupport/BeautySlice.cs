using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;

namespace AgentRec.Sequential.Tests.TestSupport;

/// <summary>
/// The first 300 users of Amazon Beauty with the catalogue compacted to the items they touch, split
/// leave-one-out: real data, small enough for a model to take many steps in a second.
/// </summary>
internal static class BeautySlice
{
    public const int Users = 300;

    private static readonly Lazy<Task<LeaveOneOutSplit>> LazySplit = new(LoadAsync);

    public static Task<LeaveOneOutSplit> SplitAsync() => LazySplit.Value;

    private static async Task<LeaveOneOutSplit> LoadAsync()
    {
        var full = await S3RecSequenceLoader.LoadAsync("beauty", SharedData.Path("amazon-beauty", "Beauty.txt"));
        var slice = new SequenceDataset("beauty-300", full.Value.Catalog, [.. full.Value.Sequences.Take(Users)]);
        return LeaveOneOutSplit.Create(slice.FilterByMinimumInteractions(1));
    }
}
