using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Dialogues;

namespace AgentRec.Simulator.Tests.TestSupport;

/// <summary>Loads each real dataset once per test run; tests only read them.</summary>
internal static class SharedDatasets
{
    private static readonly Lazy<Task<LeaveOneOutSplit>> LazyMovieLens = new(async () =>
        LeaveOneOutSplit.Create((await DatasetRegistry.LoadSequenceDatasetAsync("ml-100k", SharedData.RequireRoot())).Value));

    private static readonly Lazy<Task<DialogueDataset>> LazyRedial = new(async () =>
        (await DatasetRegistry.LoadDialogueDatasetAsync("redial", SharedData.RequireRoot())).Value);

    public static Task<LeaveOneOutSplit> MovieLensSplit() => LazyMovieLens.Value;

    public static Task<DialogueDataset> Redial() => LazyRedial.Value;
}
