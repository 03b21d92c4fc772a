using AgentRec.Evaluation.Ranking;

namespace AgentRec.Evaluation.Tests.Ranking;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void A_constant_shift_is_the_difference_and_the_whole_interval()
    {
        double[] first = [0.1, 0.5, 0.0, 0.3, 1.0, 0.2];
        double[] second = [.. first.Select(v => v + 0.25)];
        PairedDifference d = PairedBootstrap.Compare(first, second);
        Assert.Equal(0.25, d.Difference, 12);
        Assert.Equal(0.25, d.Low, 12);
        Assert.Equal(0.25, d.High, 12);
        Assert.Equal(0, d.PValue);
        Assert.True(d.Significant);
        Assert.Equal(6, d.Rows);
    }

    [Fact]
    public void Equal_methods_differ_by_nothing_and_are_not_significant()
    {
        double[] values = [0, 1, 0, 0, 0.5];
        PairedDifference d = PairedBootstrap.Compare(values, values);
        Assert.Equal((0.0, 0.0, 0.0, 1.0), (d.Difference, d.Low, d.High, d.PValue));
        Assert.False(d.Significant);
    }

    [Fact]
    public void One_hit_in_a_thousand_rows_is_within_noise_and_a_hundred_are_not()
    {
        // Hit-rate style 0/1 rows: the second method finds one (or a hundred) more target(s).
        double[] first = new double[1000];
        double[] oneMore = [.. first];
        oneMore[17] = 1;
        PairedDifference small = PairedBootstrap.Compare(first, oneMore);
        Assert.Equal(0.001, small.Difference, 12);
        Assert.Equal(0, small.Low);
        Assert.False(small.Significant);
        Assert.True(small.PValue > 0.05);

        double[] many = [.. first];
        for (int i = 0; i < 100; i++)
        {
            many[i * 10] = 1;
        }

        PairedDifference large = PairedBootstrap.Compare(first, many);
        Assert.True(large.Significant);
        Assert.InRange(large.Low, 0.07, 0.1);
        Assert.InRange(large.High, 0.1, 0.13);
        Assert.True(large.PValue < 0.001);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        double[] first = [.. Enumerable.Range(0, 200).Select(i => (i * 37 % 11) / 10.0)];
        double[] second = [.. Enumerable.Range(0, 200).Select(i => (i * 53 % 7) / 6.0)];
        Assert.Equal(PairedBootstrap.Compare(first, second, seed: 3), PairedBootstrap.Compare(first, second, seed: 3));
    }

    [Fact]
    public void Unpaired_or_empty_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([1.0, 2.0], [1.0]));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([], []));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([double.NaN], [1.0]));
    }
}
