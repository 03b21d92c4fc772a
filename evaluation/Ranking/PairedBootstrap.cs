using System.Globalization;

namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// How far apart two methods are on the same test rows: the mean of the per-row differences (second − first), a
/// percentile bootstrap confidence interval over resampled rows, and a two-sided bootstrap p-value. Pairing by row
/// removes the spread between rows that an unpaired comparison of two means would carry.
/// </summary>
/// <param name="Difference">Mean per-row difference, second method minus first.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="PValue">Two-sided: twice the share of resampled means on the far side of zero (at most 1).</param>
public sealed record PairedDifference(double Difference, double Low, double High, double PValue, double Confidence, int Rows)
{
    /// <summary>True when the interval excludes zero.</summary>
    public bool Significant => Low > 0 || High < 0;

    /// <summary><c>+0.0012 [−0.0008, +0.0031], p 0.24</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Difference:+0.0000;-0.0000;0.0000} [{Low:+0.0000;-0.0000;0.0000}, {High:+0.0000;-0.0000;0.0000}], p {PValue:0.000}");
}

public static class PairedBootstrap
{
    /// <exception cref="ArgumentException">The two lists differ in length, are empty, or hold a value that is not finite.</exception>
    public static PairedDifference Compare(IReadOnlyList<double> first, IReadOnlyList<double> second, int resamples = 10_000, double confidence = 0.95, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence lies strictly between 0 and 1.");
        }

        if (first.Count != second.Count || first.Count == 0)
        {
            throw new ArgumentException($"Paired rows: {first.Count} and {second.Count} values; both need the same, non-zero number.", nameof(second));
        }

        int n = first.Count;
        var differences = new double[n];
        for (int i = 0; i < n; i++)
        {
            differences[i] = second[i] - first[i];
            if (!double.IsFinite(differences[i]))
            {
                throw new ArgumentException($"Row {i}: {first[i]} and {second[i]}; only finite values can be compared.", nameof(second));
            }
        }

        double mean = differences.Average();
        var random = new Random(seed);
        var means = new double[resamples];
        int atOrBelowZero = 0, atOrAboveZero = 0;
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }

            means[r] = sum / n;
            atOrBelowZero += means[r] <= 0 ? 1 : 0;
            atOrAboveZero += means[r] >= 0 ? 1 : 0;
        }

        Array.Sort(means);
        double tail = (1 - confidence) / 2;
        double low = means[(int)Math.Floor(tail * (resamples - 1))];
        double high = means[(int)Math.Ceiling((1 - tail) * (resamples - 1))];
        double p = Math.Min(1, 2.0 * Math.Min(atOrBelowZero, atOrAboveZero) / resamples);
        return new PairedDifference(mean, low, high, p, confidence, n);
    }
}
