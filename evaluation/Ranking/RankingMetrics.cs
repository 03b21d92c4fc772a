using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// Full-ranking HR, NDCG and MRR at several cutoffs, accumulated one user at a time.
/// <para>
/// A user's target is ranked against every catalog item except the padding column 0 and the items of the user's
/// history (the target itself always stays a candidate, so a repeat purchase is not ranked out of reach).
/// </para>
/// <para>
/// Ties are pessimistic: every other candidate whose score equals the target's ranks ahead of it, and so does any
/// candidate whose score is NaN (a NaN target score ranks last). The rank therefore depends only on the scores, never
/// on item order or on a sort's tie-breaking, so it is deterministic, and a model that scores everything alike earns
/// the worst rank rather than a lucky one.
/// </para>
/// Not thread-safe; use one instance per evaluation.
/// </summary>
public sealed class RankingMetrics
{
    private static readonly RankingMetric[] AllMetrics = Enum.GetValues<RankingMetric>();

    private readonly int[] _cutoffs;
    private readonly double[] _hits;
    private readonly double[] _ndcg;
    private readonly double[] _reciprocal;
    private double _rankSum;

    /// <param name="cutoffs">The k of each @k metric; default <see cref="DefaultCutoffs"/>. Reported in ascending order.</param>
    public RankingMetrics(IReadOnlyList<int>? cutoffs = null)
    {
        _cutoffs = ValidateCutoffs(cutoffs ?? DefaultCutoffs);
        _hits = new double[_cutoffs.Length];
        _ndcg = new double[_cutoffs.Length];
        _reciprocal = new double[_cutoffs.Length];
    }

    public static IReadOnlyList<int> DefaultCutoffs { get; } = [5, 10, 20];

    public IReadOnlyList<int> Cutoffs => _cutoffs;

    /// <summary>Users (ranks) added so far.</summary>
    public int UserCount { get; private set; }

    /// <summary>
    /// The 1-based rank of <paramref name="target"/> among the candidates of one score row (see the class remarks for
    /// exclusions and ties).
    /// </summary>
    /// <param name="scores">One score per item index; entry 0 is padding and ignored.</param>
    /// <param name="history">The user's item indices; they are excluded from the candidates (0 entries are ignored).</param>
    /// <param name="target">The held-out item index, 1 ≤ target &lt; scores.Length.</param>
    public static int Rank(ReadOnlySpan<float> scores, IReadOnlyList<int> history, int target)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (scores.Length < 2)
        {
            throw new ArgumentException($"A score row needs the padding column and at least one item; it has {scores.Length} entries.", nameof(scores));
        }

        if (target < 1 || target >= scores.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"The target must be an item index in 1..{scores.Length - 1}.");
        }

        float targetScore = scores[target];
        ReadOnlySpan<float> items = scores[1..];

        // Everything not strictly below the target is ahead of it: ties and NaNs included (pessimistic).
        int ahead = items.Length - CountBelow(items, targetScore) - 1;

        int[] rented = ArrayPool<int>.Shared.Rent(Math.Max(1, history.Count));
        try
        {
            Span<int> excluded = rented.AsSpan(0, history.Count);
            for (int i = 0; i < history.Count; i++)
            {
                int item = history[i];
                if (item < 0 || item >= scores.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(history), item, $"History entry {i} is not an item index in 0..{scores.Length - 1}.");
                }

                excluded[i] = item;
            }

            excluded.Sort();
            int previous = -1;
            foreach (int item in excluded)
            {
                if (item == previous || item == 0 || item == target)
                {
                    continue;
                }

                previous = item;
                if (!(scores[item] < targetScore))
                {
                    ahead--;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        return ahead + 1;
    }

    /// <summary>HR@k for a rank: 1 inside the top k, else 0.</summary>
    public static double HitRate(int rank, int cutoff) => CheckRank(rank, cutoff) <= cutoff ? 1.0 : 0.0;

    /// <summary>NDCG@k for one relevant item (ideal DCG = 1): <c>1 / log2(rank + 1)</c> inside the top k, else 0.</summary>
    public static double Ndcg(int rank, int cutoff) => CheckRank(rank, cutoff) <= cutoff ? 1.0 / Math.Log2(rank + 1.0) : 0.0;

    /// <summary>Reciprocal rank cut at k: <c>1 / rank</c> inside the top k, else 0.</summary>
    public static double ReciprocalRank(int rank, int cutoff) => CheckRank(rank, cutoff) <= cutoff ? 1.0 / rank : 0.0;

    /// <summary>Ranks the target of one user (see <see cref="Rank"/>) and adds it; returns the rank.</summary>
    public int Add(ReadOnlySpan<float> scores, IReadOnlyList<int> history, int target)
    {
        int rank = Rank(scores, history, target);
        AddRank(rank);
        return rank;
    }

    /// <summary>Adds a rank computed elsewhere (for models that rank without scoring every item).</summary>
    public void AddRank(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        for (int c = 0; c < _cutoffs.Length; c++)
        {
            int k = _cutoffs[c];
            _hits[c] += HitRate(rank, k);
            _ndcg[c] += Ndcg(rank, k);
            _reciprocal[c] += ReciprocalRank(rank, k);
        }

        _rankSum += rank;
        UserCount++;
    }

    /// <summary>The means over the users added so far (all zero when none were).</summary>
    public RankingReport ToReport()
    {
        var metrics = new Dictionary<string, double>(AllMetrics.Length * _cutoffs.Length, StringComparer.Ordinal);
        double users = Math.Max(1, UserCount);
        for (int c = 0; c < _cutoffs.Length; c++)
        {
            metrics[RankingReport.Key(RankingMetric.HitRate, _cutoffs[c])] = _hits[c] / users;
            metrics[RankingReport.Key(RankingMetric.Ndcg, _cutoffs[c])] = _ndcg[c] / users;
            metrics[RankingReport.Key(RankingMetric.Mrr, _cutoffs[c])] = _reciprocal[c] / users;
        }

        return new RankingReport
        {
            UserCount = UserCount,
            Cutoffs = [.. _cutoffs],
            Metrics = metrics,
            MeanRank = UserCount == 0 ? 0 : _rankSum / UserCount,
        };
    }

    internal static int[] ValidateCutoffs(IReadOnlyList<int> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (cutoffs.Count == 0)
        {
            throw new ArgumentException("At least one cutoff is needed.", nameof(cutoffs));
        }

        foreach (int k in cutoffs)
        {
            if (k < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(cutoffs), k, "Cutoffs must be at least 1.");
            }
        }

        int[] sorted = [.. cutoffs.Distinct().Order()];
        if (sorted.Length != cutoffs.Count)
        {
            throw new ArgumentException($"Cutoffs must be distinct: {string.Join(", ", cutoffs)}.", nameof(cutoffs));
        }

        return sorted;
    }

    private static int CheckRank(int rank, int cutoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cutoff, 1);
        return rank;
    }

    private static int CountBelow(ReadOnlySpan<float> values, float threshold)
    {
        int i = 0;
        int below = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            // Comparison masks are all-ones (-1) per true lane, so subtracting them counts the lanes.
            var limit = new Vector<float>(threshold);
            var counts = Vector<int>.Zero;
            ReadOnlySpan<Vector<float>> blocks = MemoryMarshal.Cast<float, Vector<float>>(values);
            foreach (Vector<float> block in blocks)
            {
                counts -= Vector.LessThan(block, limit);
            }

            below = Vector.Sum(counts);
            i = blocks.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (values[i] < threshold)
            {
                below++;
            }
        }

        return below;
    }
}
