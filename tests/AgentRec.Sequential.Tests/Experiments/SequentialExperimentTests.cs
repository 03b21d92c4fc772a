using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Experiments;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using AgentRec.Sequential.Training;

namespace AgentRec.Sequential.Tests.Experiments;

public sealed class SequentialExperimentTests
{
    [SharedDataFact]
    public async Task RunReportsValidAndTestMetricsAndEpochTimes()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        var options = new SequentialExperimentOptions
        {
            Backbone = new SasRecOptions { HiddenSize = 16, InnerSize = 32, MaxLength = 20 },
            Training = new TrainingOptions { Epochs = 3, BatchSize = 64, LearningRate = 5e-3 },
        };
        var phases = new List<TrainingPhase>();

        ExperimentResult result = await SequentialExperiment.RunAsync(
            split.Dataset, SequentialModelKind.SasRec, options, seed: 5, new InlineProgress<TrainingProgress>(p => phases.Add(p.Phase)));

        Assert.Equal(3, result.EpochsRun);
        Assert.Equal(split.Valid.Count, result.Valid.Users);
        Assert.Equal(split.Test.Count, result.Test.Users);
        Assert.InRange(result.BestEpoch, 1, 3);
        Assert.Equal(result.Epochs[result.BestEpoch - 1].Valid!.Ndcg10, result.Valid.Ndcg10, 1e-12);
        Assert.True(result.Test.HitRate20 >= result.Test.HitRate10 && result.Test.HitRate10 >= result.Test.HitRate5);
        Assert.True(result.MeanEpochSeconds > 0);
        Assert.Contains(TrainingPhase.Evaluating, phases);
        Assert.Equal(TrainingPhase.Finished, phases[^1]);
    }

    [Fact]
    public async Task SraClWithoutSemanticsIsRefused()
    {
        var catalog = new AgentRec.Core.Catalog.ItemCatalog([new("a"), new("b"), new("c")]);
        var dataset = new AgentRec.Core.Interactions.SequenceDataset("tiny", catalog, [new("u", [1, 2, 3])]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            SequentialExperiment.RunAsync(dataset, SequentialModelKind.SraCl, SequentialExperimentOptions.Default, seed: 1));
        Assert.Contains("Semantics", error.Message, StringComparison.Ordinal);
    }
}
