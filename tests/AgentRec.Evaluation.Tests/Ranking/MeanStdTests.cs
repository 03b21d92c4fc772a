using AgentRec.Evaluation.Ranking;

namespace AgentRec.Evaluation.Tests.Ranking;

public sealed class MeanStdTests
{
    [Fact]
    public void UsesTheSampleStandardDeviation()
    {
        MeanStd value = MeanStd.Of([0.1, 0.2, 0.3]);

        Assert.Equal(0.2, value.Mean, 1e-12);
        Assert.Equal(0.1, value.StandardDeviation, 1e-12);
        Assert.Equal(3, value.Count);
        Assert.Equal("0.2000 ± 0.1000", value.ToString());
    }

    [Fact]
    public void OneValueHasNoSpread()
    {
        MeanStd value = MeanStd.Of([0.42]);

        Assert.Equal(0.42, value.Mean);
        Assert.Equal(0, value.StandardDeviation);
    }

    [Fact]
    public void RejectsEmptyAndNonFiniteValues()
    {
        Assert.Throws<ArgumentException>(() => MeanStd.Of([]));
        var error = Assert.Throws<ArgumentException>(() => MeanStd.Of([0.1, double.NaN]));
        Assert.Contains("Value 1", error.Message, StringComparison.Ordinal);
    }
}
