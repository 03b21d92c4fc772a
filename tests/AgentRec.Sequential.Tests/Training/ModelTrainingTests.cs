using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Training;

public sealed class ModelTrainingTests
{
    private static readonly SasRecOptions SmallBackbone = new() { HiddenSize = 32, InnerSize = 64, MaxLength = 20, Dropout = 0.1, AttentionDropout = 0.1 };

    private static readonly TrainingOptions QuickTraining = new()
    {
        Seed = 7,
        Epochs = 6,
        BatchSize = 64,
        LearningRate = 5e-3,
        Patience = 100,
        Threads = 1,
    };

    [SharedDataFact]
    public async Task SasRecLossFalls() => await AssertLossFalls(split => new SasRec(split.Dataset.ItemCount, SmallBackbone));

    [SharedDataFact]
    public async Task CL4SRecLossFalls() =>
        await AssertLossFalls(split => new CL4SRec(split.Dataset.ItemCount, SmallBackbone), "cl");

    [SharedDataFact]
    public async Task SraClLossFalls() =>
        await AssertLossFalls(split => new SraCl(split.Dataset.ItemCount, TestSemantics.CoOccurrence(split), SmallBackbone), "user", "item");

    [SharedDataFact]
    public async Task LastPositionLossAlsoTrains()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(1);
        using var model = new SasRec(split.Dataset.ItemCount, SmallBackbone);
        TrainingResult result = new SequentialTrainer().Train(model, split, QuickTraining with { LossPositions = LossPositions.Last, LearningRate = 1e-2 });

        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss - 0.3, $"loss went {result.Epochs[0].Loss:F3} → {result.Epochs[^1].Loss:F3}");
    }

    private static async Task AssertLossFalls(Func<LeaveOneOutSplit, SequentialModel> create, params string[] extraParts)
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(1);
        using SequentialModel model = create(split);
        TrainingResult result = new SequentialTrainer().Train(model, split, QuickTraining);

        Assert.Equal(QuickTraining.Epochs, result.Epochs.Count);
        double first = result.Epochs[0].LossParts["ce"];
        double last = result.Epochs[^1].LossParts["ce"];
        Assert.True(last < first - 0.5, $"cross-entropy went {first:F3} → {last:F3}");
        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss, $"total loss went {result.Epochs[0].Loss:F3} → {result.Epochs[^1].Loss:F3}");
        foreach (string part in extraParts)
        {
            Assert.True(result.Epochs[^1].LossParts.ContainsKey(part), $"no '{part}' loss was reported");
            Assert.True(result.Epochs[^1].LossParts[part] > 0, $"'{part}' loss is not positive");
        }

        Assert.All(result.Epochs, e => Assert.NotNull(e.Valid));
        Assert.InRange(result.BestEpoch, 1, QuickTraining.Epochs);
    }
}
