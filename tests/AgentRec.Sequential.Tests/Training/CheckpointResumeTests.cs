using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Training;

public sealed class CheckpointResumeTests
{
    private static readonly SasRecOptions Backbone = new() { HiddenSize = 16, InnerSize = 32, MaxLength = 20 };

    private static readonly TrainingOptions Options = new()
    {
        Seed = 11,
        Epochs = 3,
        BatchSize = 64,
        LearningRate = 3e-3,
        Patience = 100,
        Threads = 1,
    };

    [SharedDataFact]
    public async Task ResumedRunEndsWithTheWeightsOfAnUninterruptedRun()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();

        manual_seed(3);
        using var straight = new CL4SRec(split.Dataset.ItemCount, Backbone);
        TrainingResult uninterrupted = new SequentialTrainer().Train(straight, split, Options);

        // Second run: stop in the middle of epoch 2, then continue in a fresh model with other initial weights.
        string checkpoint = folder.File("run.ckpt");
        using var cancel = new CancellationTokenSource();
        var stopAt = new InlineProgress<TrainingProgress>(p =>
        {
            if (p is { Phase: TrainingPhase.Training, Epoch: 2, Step: 2 })
            {
                cancel.Cancel();
            }
        });
        manual_seed(3);
        using (var first = new CL4SRec(split.Dataset.ItemCount, Backbone))
        {
            Assert.Throws<OperationCanceledException>(() =>
                new SequentialTrainer().Train(first, split, Options with { CheckpointPath = checkpoint }, stopAt, cancel.Token));
        }

        Assert.True(File.Exists(checkpoint));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));

        manual_seed(99);
        using var resumed = new CL4SRec(split.Dataset.ItemCount, Backbone);
        TrainingResult continued = new SequentialTrainer().Train(resumed, split, Options with { CheckpointPath = checkpoint });

        Assert.True(continued.Resumed);
        Assert.Equal(uninterrupted.BestEpoch, continued.BestEpoch);
        Assert.Equal(uninterrupted.Epochs.Select(e => e.Loss), continued.Epochs.Select(e => e.Loss));
        Assert.Equal(uninterrupted.Epochs.Select(e => e.Valid!.Ndcg10), continued.Epochs.Select(e => e.Valid!.Ndcg10));
        foreach ((string name, Tensor expected) in straight.state_dict())
        {
            Tensor actual = resumed.state_dict()[name];
            Assert.True(expected.allclose(actual, rtol: 0, atol: 0), $"weight '{name}' differs after resuming");
        }
    }

    [SharedDataFact]
    public async Task FinishedRunResumesIntoNothingToDo()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();
        var options = Options with { Epochs = 50, Patience = 1, LearningRate = 5e-2, CheckpointPath = folder.File("run.ckpt") };
        using var model = new SasRec(split.Dataset.ItemCount, Backbone);
        TrainingResult first = new SequentialTrainer().Train(model, split, options);
        Assert.True(first.StoppedEarly, "a high learning rate with patience 1 should stop well before 50 epochs");

        using var again = new SasRec(split.Dataset.ItemCount, Backbone);
        TrainingResult second = new SequentialTrainer().Train(again, split, options);

        Assert.True(second.Resumed);
        Assert.True(second.StoppedEarly);
        Assert.Equal(first.Epochs.Count, second.Epochs.Count);
        Assert.Equal(first.BestEpoch, second.BestEpoch);
        foreach ((string name, Tensor expected) in model.state_dict())
        {
            Assert.True(expected.allclose(again.state_dict()[name], rtol: 0, atol: 0), $"weight '{name}' differs");
        }
    }

    [SharedDataFact]
    public async Task DamagedCheckpointIsRejectedWithItsPath()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();
        string checkpoint = folder.File("broken.ckpt");
        await File.WriteAllTextAsync(checkpoint, "not a checkpoint");

        using var model = new SasRec(split.Dataset.ItemCount, Backbone);
        var error = Assert.Throws<InvalidDataException>(() =>
            new SequentialTrainer().Train(model, split, Options with { CheckpointPath = checkpoint }));
        Assert.Contains(checkpoint, error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task CheckpointOfAnotherSeedIsRefused()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();
        string checkpoint = folder.File("run.ckpt");
        using var model = new SasRec(split.Dataset.ItemCount, Backbone);
        new SequentialTrainer().Train(model, split, Options with { Epochs = 1, MaxStepsPerEpoch = 1, CheckpointPath = checkpoint });

        var error = Assert.Throws<CheckpointMismatchException>(() =>
            new SequentialTrainer().Train(model, split, Options with { Seed = 12, CheckpointPath = checkpoint }));
        Assert.Contains("seed", error.Message, StringComparison.Ordinal);
    }
}
