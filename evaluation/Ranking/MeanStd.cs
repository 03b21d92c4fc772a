using System.Globalization;

namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// Mean and sample standard deviation (n − 1 denominator; 0 for a single value) of one metric over runs, e.g. seeds.
/// </summary>
public sealed record MeanStd(double Mean, double StandardDeviation, int Count)
{
    /// <exception cref="ArgumentException">No values, or a value that is not finite.</exception>
    public static MeanStd Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] all = [.. values];
        if (all.Length == 0)
        {
            throw new ArgumentException("Mean and standard deviation need at least one value.", nameof(values));
        }

        for (int i = 0; i < all.Length; i++)
        {
            if (!double.IsFinite(all[i]))
            {
                throw new ArgumentException($"Value {i} is {all[i]}; only finite values can be aggregated.", nameof(values));
            }
        }

        double mean = all.Average();
        if (all.Length == 1)
        {
            return new MeanStd(mean, 0, 1);
        }

        double squares = all.Sum(v => (v - mean) * (v - mean));
        return new MeanStd(mean, Math.Sqrt(squares / (all.Length - 1)), all.Length);
    }

    /// <summary><c>0.1234 ± 0.0056</c> with four decimals.</summary>
    public override string ToString() => ToString("F4");

    public string ToString(string format) => string.Create(
        CultureInfo.InvariantCulture, $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}");
}
