using System.Globalization;
using System.Text;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// A GBNF expression tree. Building grammars as trees (not strings) lets the builder deduplicate rules,
/// check for left recursion and keep llama.cpp's repetition limits in one place.
/// </summary>
internal abstract record GbnfExpr
{
    /// <summary>llama.cpp treats an upper repetition bound above this as unbounded and rejects lower bounds above it.</summary>
    public const int MaxRepetitionBound = 2000;

    public static readonly GbnfExpr Empty = new Sequence([]);

    public sealed record Literal(string Value) : GbnfExpr;

    public sealed record CharClass(CodePointSet Set) : GbnfExpr;

    public sealed record RuleRef(string Name) : GbnfExpr;

    public sealed record Sequence(IReadOnlyList<GbnfExpr> Items) : GbnfExpr;

    public sealed record Choice(IReadOnlyList<GbnfExpr> Options) : GbnfExpr;

    public sealed record Repeat(GbnfExpr Item, int Min, int? Max) : GbnfExpr;

    public bool IsEmpty => this is Sequence { Items.Count: 0 } or Literal { Value.Length: 0 };

    public static GbnfExpr Lit(string value) => value.Length == 0 ? Empty : new Literal(value);

    public static GbnfExpr Ref(string name) => new RuleRef(name);

    public static GbnfExpr Chars(CodePointSet set)
    {
        if (set.IsEmpty)
        {
            throw new InvalidOperationException("An empty character class matches nothing.");
        }

        bool plainChar = set.IsSingle(out int cp) && (cp < 0xD800 || cp > 0xDFFF);
        return plainChar ? new Literal(char.ConvertFromUtf32(cp)) : new CharClass(set);
    }

    public static GbnfExpr Chars(int lo, int hi) => Chars(CodePointSet.Range(lo, hi));

    public static GbnfExpr Seq(params IEnumerable<GbnfExpr> items)
    {
        var flat = new List<GbnfExpr>();
        foreach (var item in items)
        {
            var parts = item is Sequence s ? s.Items : [item];
            foreach (var part in parts)
            {
                if (part.IsEmpty)
                {
                    continue;
                }

                // Adjacent literals read better as one quoted string.
                if (part is Literal lit && flat.Count > 0 && flat[^1] is Literal prev)
                {
                    flat[^1] = new Literal(prev.Value + lit.Value);
                }
                else
                {
                    flat.Add(part);
                }
            }
        }

        return flat.Count == 1 ? flat[0] : new Sequence(flat);
    }

    public static GbnfExpr Alt(params IEnumerable<GbnfExpr> options)
    {
        var flat = new List<GbnfExpr>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var parts = option is Choice c ? c.Options : [option];
            foreach (var part in parts)
            {
                if (seen.Add(part.Render()))
                {
                    flat.Add(part);
                }
            }
        }

        if (flat.Count == 0)
        {
            throw new InvalidOperationException("A choice needs at least one option.");
        }

        return flat.Count == 1 ? flat[0] : new Choice(flat);
    }

    public static GbnfExpr Opt(GbnfExpr item) => Rep(item, 0, 1);

    /// <summary>Repeats <paramref name="item"/> between <paramref name="min"/> and <paramref name="max"/> times (null = unbounded).</summary>
    public static GbnfExpr Rep(GbnfExpr item, int min, int? max)
    {
        if (min < 0 || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"Invalid repetition bounds {{{min},{max}}}.");
        }

        if (min > MaxRepetitionBound)
        {
            throw new InvalidOperationException($"A repetition minimum of {min} exceeds llama.cpp's limit of {MaxRepetitionBound}.");
        }

        if (max > MaxRepetitionBound)
        {
            max = null;
        }

        if (item.IsEmpty || max == 0)
        {
            return Empty;
        }

        return min == 1 && max == 1 ? item : new Repeat(item, min, max);
    }

    /// <summary>Whether the expression can match the empty string, given which rules can.</summary>
    public bool IsNullable(Func<string, bool> ruleIsNullable) => this switch
    {
        Literal l => l.Value.Length == 0,
        CharClass => false,
        RuleRef r => ruleIsNullable(r.Name),
        Sequence s => s.Items.All(i => i.IsNullable(ruleIsNullable)),
        Choice c => c.Options.Any(o => o.IsNullable(ruleIsNullable)),
        Repeat r => r.Min == 0 || r.Item.IsNullable(ruleIsNullable),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Rules that can be entered before any character is consumed.</summary>
    public IEnumerable<string> LeftmostRules(Func<string, bool> ruleIsNullable)
    {
        switch (this)
        {
            case RuleRef r:
                yield return r.Name;
                break;
            case Sequence s:
                foreach (var item in s.Items)
                {
                    foreach (var name in item.LeftmostRules(ruleIsNullable))
                    {
                        yield return name;
                    }

                    if (!item.IsNullable(ruleIsNullable))
                    {
                        yield break;
                    }
                }

                break;
            case Choice c:
                foreach (var name in c.Options.SelectMany(o => o.LeftmostRules(ruleIsNullable)))
                {
                    yield return name;
                }

                break;
            case Repeat r:
                foreach (var name in r.Item.LeftmostRules(ruleIsNullable))
                {
                    yield return name;
                }

                break;
        }
    }

    public IEnumerable<string> ReferencedRules() => this switch
    {
        RuleRef r => [r.Name],
        Sequence s => s.Items.SelectMany(i => i.ReferencedRules()),
        Choice c => c.Options.SelectMany(o => o.ReferencedRules()),
        Repeat r => r.Item.ReferencedRules(),
        _ => [],
    };

    /// <summary>Whether rendering this expression as a repeated item needs parentheses (a group).</summary>
    public bool IsComposite => this is Sequence { Items.Count: > 1 } or Choice or Repeat;

    /// <summary>
    /// How many helper rules llama.cpp's parser creates while reading this expression inside a group.
    /// It multiplies a repeated group's count by the repetition bound and rejects products above 2000.
    /// </summary>
    public long GeneratedRuleCount() => this switch
    {
        Sequence s => s.Items.Sum(i => i is Choice ? 1 + i.GeneratedRuleCount() : i.GeneratedRuleCount()),
        Choice c => c.Options.Sum(o => o.GeneratedRuleCount()),
        Repeat r => (r.Item.IsComposite ? 1 + r.Item.GeneratedRuleCount() : 0) + (r.Max is int max ? max - r.Min : 1),
        _ => 0,
    };

    /// <summary>The product llama.cpp checks against its limit when it parses this repetition.</summary>
    public long RepetitionCost() => this is Repeat r
        ? (r.Item.IsComposite ? 1 + r.Item.GeneratedRuleCount() : 1) * (r.Max is int max and > 0 ? max : Math.Max(1, r.Min))
        : 0;

    public string Render()
    {
        var sb = new StringBuilder();
        Render(sb, this, topLevel: true);
        return sb.ToString();
    }

    private static void Render(StringBuilder sb, GbnfExpr expr, bool topLevel)
    {
        switch (expr)
        {
            case Literal l:
                sb.Append('"');
                foreach (var rune in l.Value.EnumerateRunes())
                {
                    AppendChar(sb, rune.Value, inClass: false);
                }

                sb.Append('"');
                break;
            case CharClass c:
                RenderClass(sb, c.Set);
                break;
            case RuleRef r:
                sb.Append(r.Name);
                break;
            case Sequence s when s.Items.Count == 0:
                sb.Append("\"\"");
                break;
            case Sequence s:
                for (int i = 0; i < s.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    RenderGrouped(sb, s.Items[i], groupSequences: false);
                }

                break;
            case Choice c:
                if (!topLevel)
                {
                    sb.Append('(');
                }

                for (int i = 0; i < c.Options.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(" | ");
                    }

                    Render(sb, c.Options[i], topLevel: false);
                }

                if (!topLevel)
                {
                    sb.Append(')');
                }

                break;
            case Repeat r:
                RenderGrouped(sb, r.Item, groupSequences: true);
                sb.Append((r.Min, r.Max) switch
                {
                    (0, 1) => "?",
                    (0, null) => "*",
                    (1, null) => "+",
                    (var min, null) => $"{{{min},}}",
                    (var min, int max) when min == max => $"{{{min}}}",
                    (var min, int max) => $"{{{min},{max}}}",
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown GBNF node {expr.GetType().Name}.");
        }
    }

    private static void RenderGrouped(StringBuilder sb, GbnfExpr expr, bool groupSequences)
    {
        bool group = expr is Choice || (groupSequences && expr.IsComposite);
        if (group && expr is not Choice)
        {
            sb.Append('(');
            Render(sb, expr, topLevel: true);
            sb.Append(')');
        }
        else
        {
            Render(sb, expr, topLevel: false);
        }
    }

    private static void RenderClass(StringBuilder sb, CodePointSet set)
    {
        if (set.Ranges is [(0, CodePointSet.MaxCodePoint)])
        {
            sb.Append('.');
            return;
        }

        // A set that reaches the top of Unicode is written as the negation of its (shorter) complement.
        bool negate = set.Contains(CodePointSet.MaxCodePoint);
        var ranges = negate ? set.Complement().Ranges : set.Ranges;
        sb.Append(negate ? "[^" : "[");
        foreach (var (lo, hi) in ranges)
        {
            AppendChar(sb, lo, inClass: true);
            if (hi > lo + 1)
            {
                sb.Append('-');
            }

            if (hi > lo)
            {
                AppendChar(sb, hi, inClass: true);
            }
        }

        sb.Append(']');
    }

    private static void AppendChar(StringBuilder sb, int cp, bool inClass)
    {
        switch (cp)
        {
            case '"' or '\\':
            case '[' or ']' or '-' when inClass:
                sb.Append('\\').Append((char)cp);
                break;
            case '\n':
                sb.Append("\\n");
                break;
            case '\r':
                sb.Append("\\r");
                break;
            case '\t':
                sb.Append("\\t");
                break;
            case '^' when inClass:
                // llama.cpp has no "\^" escape; a hex escape is safe anywhere in a class.
                sb.Append("\\x5E");
                break;
            case >= 0x20 and < 0x7F:
                sb.Append((char)cp);
                break;
            case <= 0xFF:
                sb.Append("\\x").Append(cp.ToString("X2", CultureInfo.InvariantCulture));
                break;
            case <= 0xFFFF:
                sb.Append("\\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append("\\U").Append(cp.ToString("X8", CultureInfo.InvariantCulture));
                break;
        }
    }
}
