using AgentRec.Finetune.Models;
using AgentRec.Finetune.Tests.TestSupport;
using AgentRec.Finetune.Training;
using AgentRec.Llm.Gguf;
using Xunit.Abstractions;

namespace AgentRec.Finetune.Tests.Training;

/// <summary>Packing of plain-text documents into windows, and causal-LM training on them.</summary>
public sealed class PretrainObjectiveTests(ITestOutputHelper output)
{
    [Fact]
    public void PackingJoinsDocumentsWithTheSeparatorAndCutsFullWindows()
    {
        int[][] documents = [[10, 11, 12], [], [20, 21], [30, 31, 32, 33]];
        var windows = PretrainObjective.Pack(documents, windowLength: 4, separator: 2);

        // Stream: 10 11 12 </s> 20 21 </s> 30 31 32 33 </s> (12 tokens, the empty document adds nothing) → 3 windows.
        Assert.Equal(3, windows.Count);
        Assert.Equal([10, 11, 12, 2], windows[0]);
        Assert.Equal([20, 21, 2, 30], windows[1]);
        Assert.Equal([31, 32, 33, 2], windows[2]);

        // An incomplete tail is dropped…
        var cut = PretrainObjective.Pack(documents, windowLength: 5, separator: 2);
        Assert.Equal([[10, 11, 12, 2, 20], [21, 2, 30, 31, 32]], cut);

        // …unless the whole stream is shorter than one window.
        Assert.Equal([[7, 8, 2]], PretrainObjective.Pack([[7, 8]], windowLength: 16, separator: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PretrainObjective.Pack(documents, windowLength: 1, separator: 2));
    }

    [Fact]
    public void EveryTokenButTheFirstIsATarget()
    {
        var objective = new PretrainObjective([[5, 6, 7, 8], [9, 10, 11, 12]]);
        Assert.Equal("pretrain", objective.Name);
        Assert.Equal(2, objective.Count);
        Assert.Equal(6, objective.TargetTokens);
        var error = Assert.Throws<ArgumentException>(() => new PretrainObjective([[5, 6], [7]]));
        Assert.Contains("Window 1", error.Message);
    }

    [Fact]
    public void FullTrainingOnPackedTextLowersTheLoss()
    {
        // Repetitive "documents" over a small alphabet: learnable in a few steps.
        var random = new Random(5);
        var documents = Enumerable.Range(0, 40)
            .Select(d => (IReadOnlyList<int>)[.. Enumerable.Range(0, 10 + random.Next(10)).Select(i => 300 + ((d + i) % 12))])
            .ToList();
        var windows = PretrainObjective.Pack(documents, windowLength: 32, separator: SyntheticVocabulary.EndOfSentenceTokenId);
        var objective = new PretrainObjective(windows);
        using var model = GgufWeightLoader.Load(TestModels.Get("llama", GgmlType.F32));
        var result = new FinetuneTrainer().Train(
            model, objective, objective,
            new FinetuneOptions { MaxSteps = 8, Epochs = 8, BatchSize = 4, LearningRate = 3e-3, WarmupSteps = 1, Threads = 1 });

        output.WriteLine($"{windows.Count} windows; held-out loss {result.EvaluationLosses[0].Loss:F3} → {result.EvaluationLosses[^1].Loss:F3}");
        Assert.Equal(8, result.Steps);
        // Every window is full: no padding, so the tokens processed are whole windows, at most 4 per step.
        Assert.Equal(0, result.Tokens % 32);
        Assert.InRange(result.Tokens, 8 * 32, 8 * 4 * 32);
        Assert.True(result.EvaluationLosses[^1].Loss < result.EvaluationLosses[0].Loss - 1, $"loss {result.EvaluationLosses[0].Loss} → {result.EvaluationLosses[^1].Loss}");
    }
}
