namespace AgentRec.Llm.Grammar;

/// <summary>An immutable set of Unicode code points stored as sorted, disjoint, inclusive ranges.</summary>
internal sealed class CodePointSet
{
    public const int MaxCodePoint = 0x10FFFF;

    public static readonly CodePointSet Empty = new([]);
    public static readonly CodePointSet All = new([(0, MaxCodePoint)]);

    private CodePointSet(IReadOnlyList<(int Lo, int Hi)> ranges) => Ranges = ranges;

    public IReadOnlyList<(int Lo, int Hi)> Ranges { get; }

    public bool IsEmpty => Ranges.Count == 0;

    public static CodePointSet Of(params int[] codePoints) =>
        FromRanges(codePoints.Select(c => (c, c)));

    public static CodePointSet Range(int lo, int hi) => FromRanges([(lo, hi)]);

    public static CodePointSet FromRanges(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var sorted = ranges.Where(r => r.Lo <= r.Hi).OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in sorted)
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            }
            else
            {
                merged.Add((lo, hi));
            }
        }

        return new CodePointSet(merged);
    }

    public bool Contains(int codePoint) =>
        Ranges.Any(r => r.Lo <= codePoint && codePoint <= r.Hi);

    public CodePointSet Union(CodePointSet other) => FromRanges(Ranges.Concat(other.Ranges));

    public CodePointSet Complement()
    {
        var result = new List<(int, int)>();
        int next = 0;
        foreach (var (lo, hi) in Ranges)
        {
            if (lo > next)
            {
                result.Add((next, lo - 1));
            }

            next = hi + 1;
        }

        if (next <= MaxCodePoint)
        {
            result.Add((next, MaxCodePoint));
        }

        return new CodePointSet(result);
    }

    public CodePointSet Intersect(CodePointSet other) => Complement().Union(other.Complement()).Complement();

    public CodePointSet Except(CodePointSet other) => Intersect(other.Complement());

    /// <summary>True when the set holds exactly one code point.</summary>
    public bool IsSingle(out int codePoint)
    {
        codePoint = Ranges.Count == 1 && Ranges[0].Lo == Ranges[0].Hi ? Ranges[0].Lo : -1;
        return codePoint >= 0;
    }
}
