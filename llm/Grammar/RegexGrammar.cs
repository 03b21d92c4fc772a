using System.Globalization;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Translates a JSON Schema <c>pattern</c> (ECMAScript regex) into a grammar for the JSON string that
/// contains a match. Supported: literals, escapes, classes, <c>.</c>, groups, alternation, greedy or lazy
/// quantifiers, and <c>^</c>/<c>$</c> at the ends of top-level branches. With
/// <see cref="JsonGrammarOptions.DefaultMaxStringLength"/> set, open-ended quantifiers and the free text around an
/// unanchored match are capped at that many characters each. Lookarounds, backreferences,
/// word boundaries and Unicode property escapes throw <see cref="NotSupportedException"/>.
/// </summary>
/// <remarks>
/// Where ECMAScript and .NET differ (what <c>\s</c> or <c>.</c> match), the grammar takes the narrower
/// set, so every generated string matches under both. Single-character atoms stay in the Basic
/// Multilingual Plane because a non-Unicode-mode regex matches UTF-16 code units.
/// </remarks>
internal sealed class RegexGrammar
{
    private static readonly CodePointSet Bmp = CodePointSet.Range(0, 0xFFFF).Except(CodePointSet.Range(0xD800, 0xDFFF));
    private static readonly CodePointSet Digits = CodePointSet.Range('0', '9');
    private static readonly CodePointSet WordChars = CodePointSet.FromRanges([('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')]);
    private static readonly CodePointSet AsciiSpace = CodePointSet.FromRanges([('\t', '\r'), (' ', ' ')]);
    private static readonly CodePointSet UnicodeSpace = AsciiSpace.Union(CodePointSet.FromRanges(
        [(0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF), (0x85, 0x85)]));
    private static readonly CodePointSet LineTerminators = CodePointSet.Of('\n', '\r', 0x2028, 0x2029);

    private readonly string _pattern;
    private readonly string _path;
    private readonly JsonGrammarRules _rules;
    private int _pos;

    private RegexGrammar(string pattern, string path, JsonGrammarRules rules)
    {
        _pattern = pattern;
        _path = path;
        _rules = rules;
    }

    /// <summary>The grammar of a JSON string literal (quotes included) whose content matches <paramref name="pattern"/>.</summary>
    public static GbnfExpr Translate(string pattern, string path, JsonGrammarRules rules)
    {
        var parser = new RegexGrammar(pattern, path, rules);
        var body = parser.ParseAlternation(topLevel: true);
        if (parser._pos < pattern.Length)
        {
            throw parser.Unsupported($"unbalanced ')' at offset {parser._pos}");
        }

        return GbnfExpr.Seq(GbnfExpr.Lit("\""), body, GbnfExpr.Lit("\""));
    }

    /// <summary>Grammar for one decoded character from <paramref name="set"/>, written as JSON string content.</summary>
    internal static GbnfExpr JsonChar(CodePointSet set)
    {
        var options = new List<GbnfExpr>();
        var raw = set.Intersect(JsonGrammarRules.RawStringChars);
        if (!raw.IsEmpty)
        {
            options.Add(GbnfExpr.Chars(raw));
        }

        var escaped = set.Except(JsonGrammarRules.RawStringChars);
        var controls = CodePointSet.Range(0, 0x1F);
        if (controls.Except(escaped).IsEmpty)
        {
            // All control characters: one compact "\u00XX" rule instead of 32 literals.
            options.Add(GbnfExpr.Seq(GbnfExpr.Lit("\\u00"), GbnfExpr.Chars('0', '1'), GbnfExpr.Chars(CodePointSet.FromRanges([('0', '9'), ('a', 'f')]))));
            escaped = escaped.Except(controls);
        }

        foreach (var (lo, hi) in escaped.Ranges)
        {
            for (int c = lo; c <= hi; c++)
            {
                options.Add(GbnfExpr.Lit(Escape(c)));
            }
        }

        return GbnfExpr.Alt(options);
    }

    private static string Escape(int c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => "\\u" + c.ToString("x4", CultureInfo.InvariantCulture),
    };

    private NotSupportedException Unsupported(string what) =>
        new($"The pattern \"{_pattern}\" at '{_path}' cannot be turned into a grammar: {what}.");

    private bool AtEnd => _pos >= _pattern.Length;

    private char Peek => _pattern[_pos];

    private GbnfExpr ParseAlternation(bool topLevel)
    {
        var branches = new List<GbnfExpr> { ParseBranch(topLevel) };
        while (!AtEnd && Peek == '|')
        {
            _pos++;
            branches.Add(ParseBranch(topLevel));
        }

        return GbnfExpr.Alt(branches);
    }

    private GbnfExpr ParseBranch(bool topLevel)
    {
        bool anchoredStart = false, anchoredEnd = false;
        if (topLevel && !AtEnd && Peek == '^')
        {
            anchoredStart = true;
            _pos++;
        }

        var items = new List<GbnfExpr>();
        while (!AtEnd && Peek is not ('|' or ')'))
        {
            if (Peek == '$')
            {
                _pos++;
                if (!topLevel || !(AtEnd || Peek == '|'))
                {
                    throw Unsupported($"'$' is only supported at the end of the pattern (offset {_pos - 1})");
                }

                anchoredEnd = true;
                break;
            }

            if (Peek == '^')
            {
                throw Unsupported($"'^' is only supported at the start of the pattern (offset {_pos})");
            }

            items.Add(ParseQuantified());
        }

        var body = GbnfExpr.Seq(items);
        if (!topLevel)
        {
            return body;
        }

        // JSON Schema patterns are unanchored: anything may surround the match unless ^ or $ say otherwise.
        var anything = GbnfExpr.Rep(_rules.Char, 0, _rules.Options.DefaultMaxStringLength);
        return GbnfExpr.Seq(anchoredStart ? GbnfExpr.Empty : anything, body, anchoredEnd ? GbnfExpr.Empty : anything);
    }

    private GbnfExpr ParseQuantified()
    {
        int start = _pos;
        var atom = ParseAtom();
        if (AtEnd)
        {
            return atom;
        }

        int min, max;
        bool bounded = true;
        switch (Peek)
        {
            case '*':
                (min, max, bounded) = (0, 0, false);
                _pos++;
                break;
            case '+':
                (min, max, bounded) = (1, 0, false);
                _pos++;
                break;
            case '?':
                (min, max) = (0, 1);
                _pos++;
                break;
            case '{' when TryParseBraces(out min, out int? braceMax):
                bounded = braceMax is not null;
                max = braceMax ?? 0;
                break;
            default:
                return atom;
        }

        if (!AtEnd && Peek == '?')
        {
            _pos++; // A lazy quantifier matches the same language.
        }

        if (!AtEnd && Peek is '*' or '+' or '?' || (!AtEnd && Peek == '{' && LooksLikeBraces()))
        {
            throw Unsupported($"nested quantifier at offset {_pos}");
        }

        if (bounded && max < min)
        {
            throw Unsupported($"quantifier {{{min},{max}}} at offset {start} has max < min");
        }

        if (min > GbnfExpr.MaxRepetitionBound)
        {
            throw Unsupported($"repetition count {min} exceeds llama.cpp's limit of {GbnfExpr.MaxRepetitionBound}");
        }

        // DefaultMaxStringLength also caps open-ended quantifiers: a narrower language, still all matches.
        int? cap = _rules.Options.DefaultMaxStringLength is int limit ? Math.Max(limit, min) : null;
        return GbnfExpr.Rep(atom, min, bounded ? max : cap);
    }

    private bool LooksLikeBraces()
    {
        int saved = _pos;
        bool ok = TryParseBraces(out _, out _);
        _pos = saved;
        return ok;
    }

    // {n}, {n,}, {n,m}; anything else is a literal '{' (ECMAScript Annex B).
    private bool TryParseBraces(out int min, out int? max)
    {
        min = 0;
        max = null;
        int p = _pos + 1;
        int n1 = ReadInt(ref p);
        if (n1 < 0)
        {
            return false;
        }

        int? n2 = n1;
        if (p < _pattern.Length && _pattern[p] == ',')
        {
            p++;
            int parsed = ReadInt(ref p);
            n2 = parsed < 0 ? null : parsed;
        }

        if (p >= _pattern.Length || _pattern[p] != '}')
        {
            return false;
        }

        _pos = p + 1;
        min = n1;
        max = n2;
        return true;
    }

    private int ReadInt(ref int p)
    {
        int start = p;
        while (p < _pattern.Length && char.IsAsciiDigit(_pattern[p]))
        {
            p++;
        }

        if (p == start)
        {
            return -1;
        }

        return int.TryParse(_pattern.AsSpan(start, p - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : int.MaxValue;
    }

    private GbnfExpr ParseAtom()
    {
        char c = Peek;
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                return JsonChar(ParseClass());
            case '.':
                _pos++;
                return JsonChar(Bmp.Except(LineTerminators));
            case '\\':
                _pos++;
                return ParseEscapeAtom();
            case '*' or '+' or '?':
                throw Unsupported($"nothing to repeat at offset {_pos}");
            case '{' when LooksLikeBraces():
                throw Unsupported($"nothing to repeat at offset {_pos}");
            default:
                int cp = char.ConvertToUtf32(_pattern, _pos);
                _pos += char.IsSurrogatePair(_pattern, _pos) ? 2 : 1;
                return JsonChar(CodePointSet.Of(cp));
        }
    }

    private GbnfExpr ParseGroup()
    {
        int start = _pos;
        _pos++;
        if (!AtEnd && Peek == '?')
        {
            string rest = _pattern[_pos..];
            if (rest.StartsWith("?:", StringComparison.Ordinal))
            {
                _pos += 2;
            }
            else if (rest.StartsWith("?<", StringComparison.Ordinal) && !rest.StartsWith("?<=", StringComparison.Ordinal) && !rest.StartsWith("?<!", StringComparison.Ordinal))
            {
                int close = _pattern.IndexOf('>', _pos);
                if (close < 0)
                {
                    throw Unsupported($"unterminated group name at offset {start}");
                }

                _pos = close + 1;
            }
            else
            {
                throw Unsupported($"lookaround or special group '({rest[..Math.Min(3, rest.Length)]}' at offset {start}");
            }
        }

        var inner = ParseAlternation(topLevel: false);
        if (AtEnd || Peek != ')')
        {
            throw Unsupported($"unterminated group at offset {start}");
        }

        _pos++;
        return inner;
    }

    private GbnfExpr ParseEscapeAtom()
    {
        if (AtEnd)
        {
            throw Unsupported("trailing backslash");
        }

        char c = Peek;
        if (c is 'b' or 'B')
        {
            throw Unsupported($"word boundary '\\{c}' at offset {_pos - 1}");
        }

        if (c is >= '1' and <= '9' || c == 'k')
        {
            throw Unsupported($"backreference at offset {_pos - 1}");
        }

        return JsonChar(ParseEscapeSet(inClass: false, negatedClass: false));
    }

    // After the backslash; returns the set the escape stands for.
    private CodePointSet ParseEscapeSet(bool inClass, bool negatedClass)
    {
        int at = _pos - 1;
        char c = Peek;
        _pos++;
        switch (c)
        {
            case 'd':
                return Digits;
            case 'D':
                return Bmp.Except(Digits);
            case 'w':
                return WordChars;
            case 'W':
                return Bmp.Except(WordChars);
            case 's':
                // Inside [^...] the wide set makes the complement narrow; elsewhere the narrow set is safe.
                return negatedClass ? UnicodeSpace : AsciiSpace;
            case 'S':
                return Bmp.Except(negatedClass ? AsciiSpace : UnicodeSpace);
            case 't':
                return CodePointSet.Of('\t');
            case 'n':
                return CodePointSet.Of('\n');
            case 'r':
                return CodePointSet.Of('\r');
            case 'f':
                return CodePointSet.Of('\f');
            case 'v':
                return CodePointSet.Of('\v');
            case 'b' when inClass:
                return CodePointSet.Of('\b');
            case '0' when AtEnd || !char.IsAsciiDigit(Peek):
                return CodePointSet.Of(0);
            case 'c' when !AtEnd && char.IsAsciiLetter(Peek):
                return CodePointSet.Of(_pattern[_pos++] % 32);
            case 'x':
                return CodePointSet.Of(ReadHex(2, at));
            case 'u':
                int cp = ReadHex(4, at);
                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    throw Unsupported($"surrogate escape '\\u{cp:X4}' at offset {at}");
                }

                return CodePointSet.Of(cp);
            case 'p' or 'P':
                throw Unsupported($"Unicode property escape at offset {at}");
            default:
                if (char.IsAsciiLetterOrDigit(c))
                {
                    throw Unsupported($"unknown escape '\\{c}' at offset {at}");
                }

                return CodePointSet.Of(c);
        }
    }

    private int ReadHex(int digits, int at)
    {
        if (_pos + digits > _pattern.Length
            || !int.TryParse(_pattern.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value))
        {
            throw Unsupported($"malformed hex escape at offset {at}");
        }

        _pos += digits;
        return value;
    }

    private CodePointSet ParseClass()
    {
        int start = _pos;
        _pos++;
        bool negated = !AtEnd && Peek == '^';
        if (negated)
        {
            _pos++;
        }

        var set = CodePointSet.Empty;
        bool first = true;
        while (true)
        {
            if (AtEnd)
            {
                throw Unsupported($"unterminated character class at offset {start}");
            }

            if (Peek == ']' && !first)
            {
                _pos++;
                break;
            }

            if (Peek == ']')
            {
                // "[]" matches nothing and "[^]" anything in ECMAScript; .NET reads them differently.
                throw Unsupported($"empty character class at offset {start}");
            }

            first = false;
            var (lowSet, low) = ParseClassAtom(negated);
            if (low >= 0 && _pos + 1 < _pattern.Length && Peek == '-' && _pattern[_pos + 1] != ']')
            {
                _pos++;
                var (_, high) = ParseClassAtom(negated);
                if (high < 0 || high < low)
                {
                    throw Unsupported($"invalid range in character class at offset {start}");
                }

                set = set.Union(CodePointSet.Range(low, high));
            }
            else
            {
                set = set.Union(lowSet);
            }
        }

        set = negated ? set.Complement() : set;
        set = set.Intersect(Bmp);
        if (set.IsEmpty)
        {
            throw Unsupported($"character class at offset {start} matches nothing");
        }

        return set;
    }

    // Returns the atom's set and, when it is a single character, that character (else -1).
    private (CodePointSet Set, int Single) ParseClassAtom(bool negated)
    {
        if (Peek == '\\')
        {
            _pos++;
            if (AtEnd)
            {
                throw Unsupported("trailing backslash");
            }

            var set = ParseEscapeSet(inClass: true, negatedClass: negated);
            return (set, set.IsSingle(out int single) ? single : -1);
        }

        int cp = char.ConvertToUtf32(_pattern, _pos);
        _pos += char.IsSurrogatePair(_pattern, _pos) ? 2 : 1;
        return (CodePointSet.Of(cp), cp);
    }
}
