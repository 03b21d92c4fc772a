using System.Globalization;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Builds a digit grammar that matches exactly the decimal integers in [lo, hi] (no leading zeros, no "-0").
/// The size grows with the number of digits, not with the width of the range.
/// </summary>
internal static class IntegerRangeGrammar
{
    public static GbnfExpr Build(long lo, long hi)
    {
        if (lo > hi)
        {
            throw new ArgumentException($"Empty integer range [{lo}, {hi}].");
        }

        var options = new List<GbnfExpr>();
        if (lo < 0)
        {
            // Negative part: "-" followed by a magnitude in [max(1, -hi), -lo].
            long magnitudeLo = hi < 0 ? -hi : 1;
            options.Add(GbnfExpr.Seq(GbnfExpr.Lit("-"), NonNegative(magnitudeLo, -lo)));
        }

        if (hi >= 0)
        {
            options.Add(NonNegative(Math.Max(lo, 0), hi));
        }

        return GbnfExpr.Alt(options);
    }

    private static GbnfExpr NonNegative(long lo, long hi)
    {
        var options = new List<GbnfExpr>();
        string loText = lo.ToString(CultureInfo.InvariantCulture);
        string hiText = hi.ToString(CultureInfo.InvariantCulture);
        for (int length = loText.Length; length <= hiText.Length; length++)
        {
            long smallest = length == 1 ? 0 : Pow10(length - 1);
            long largest = Pow10(length) - 1;
            string from = Math.Max(lo, smallest).ToString(CultureInfo.InvariantCulture);
            string to = Math.Min(hi, largest).ToString(CultureInfo.InvariantCulture);
            options.Add(SameLength(from, to));
        }

        return GbnfExpr.Alt(options);
    }

    // Digit strings of equal length between lo and hi inclusive.
    private static GbnfExpr SameLength(string lo, string hi)
    {
        if (lo.Length == 0 || lo == hi)
        {
            return GbnfExpr.Lit(lo);
        }

        if (lo[0] == hi[0])
        {
            return GbnfExpr.Seq(GbnfExpr.Lit(lo[..1]), SameLength(lo[1..], hi[1..]));
        }

        int rest = lo.Length - 1;
        bool loRestIsZero = lo[1..].All(c => c == '0');
        bool hiRestIsNine = hi[1..].All(c => c == '9');
        var options = new List<GbnfExpr>();
        if (!loRestIsZero)
        {
            options.Add(GbnfExpr.Seq(GbnfExpr.Lit(lo[..1]), SameLength(lo[1..], new string('9', rest))));
        }

        char first = loRestIsZero ? lo[0] : (char)(lo[0] + 1);
        char last = hiRestIsNine ? hi[0] : (char)(hi[0] - 1);
        if (first <= last)
        {
            options.Add(GbnfExpr.Seq(GbnfExpr.Chars(first, last), GbnfExpr.Rep(GbnfExpr.Chars('0', '9'), rest, rest)));
        }

        if (!hiRestIsNine)
        {
            options.Add(GbnfExpr.Seq(GbnfExpr.Lit(hi[..1]), SameLength(new string('0', rest), hi[1..])));
        }

        return GbnfExpr.Alt(options);
    }

    internal static long Pow10(int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
