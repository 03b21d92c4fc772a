using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Models;

public sealed class SequentialModelFileTests
{
    private static readonly SasRecOptions Backbone = new() { HiddenSize = 16, InnerSize = 32, MaxLength = 30, Dropout = 0.2 };

    [SharedDataFact]
    public async Task SavedModelScoresLikeTheOriginal()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();
        manual_seed(4);
        using var original = new CL4SRec(split.Dataset.ItemCount, Backbone, new CL4SRecOptions { Weight = 0.3 });
        string path = folder.File("model.bin");

        SequentialModelFile.Save(original, path);
        using SequentialModel loaded = SequentialModelFile.Load(path);

        var restored = Assert.IsType<CL4SRec>(loaded);
        Assert.Equal(0.3, restored.Options.Weight);
        Assert.Equal(Backbone, restored.Backbone);
        AssertSameScores(original, loaded, split);
    }

    [SharedDataFact]
    public async Task SraClLoadsWithoutSemanticsAsItsBackbone()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        using var folder = new TempFolder();
        manual_seed(4);
        using var original = new SraCl(split.Dataset.ItemCount, TestSemantics.CoOccurrence(split), Backbone);
        string path = folder.File("sracl.bin");
        SequentialModelFile.Save(original, path);

        using SequentialModel scoring = SequentialModelFile.Load(path);
        using SequentialModel full = SequentialModelFile.Load(path, original.Semantics);

        Assert.IsType<SasRec>(scoring);
        Assert.IsType<SraCl>(full);
        AssertSameScores(original, scoring, split);
        AssertSameScores(original, full, split);
    }

    [Fact]
    public void DamagedFileIsRejected()
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => SequentialModelFile.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameScores(SequentialModel expected, SequentialModel actual, LeaveOneOutSplit split)
    {
        IReadOnlyList<IReadOnlyList<int>> histories = [.. split.Test.Take(12).Select(e => e.History)];
        float[,] a = new SequentialRecommender(expected).ScoreAll(histories);
        float[,] b = new SequentialRecommender(actual).ScoreAll(histories);
        Assert.Equal(a.Cast<float>(), b.Cast<float>());
    }
}
