using System.Globalization;
using System.Text;

namespace AgentRec.Llm.Tests.Grammar;

/// <summary>
/// Test-only reading of the GBNF we emit: parses it (one rule per line), draws random strings from it and
/// checks whether it accepts a given string. Lets tests check grammars without a model.
/// </summary>
internal sealed class GbnfTestGrammar
{
    private abstract record Node;
    private sealed record Lit(int[] Chars) : Node;
    private sealed record Class(List<(int Lo, int Hi)> Ranges, bool Negated) : Node;
    private sealed record AnyChar : Node;
    private sealed record Ref(string Name) : Node;
    private sealed record Seq(List<Node> Items) : Node;
    private sealed record Alt(List<Node> Options) : Node;
    private sealed record Rep(Node Item, int Min, int? Max) : Node;

    // Characters the sampler prefers for classes: a mix of ASCII, escapes-worthy and multi-byte text.
    private static readonly int[] Pool = [.. Enumerable.Range(0x20, 0x5F), '\t', '\n', 0xE9, 0x4E2D, 0x1F600, 0xA0, 0x2028, 0x7F, 0x01];

    private readonly Dictionary<string, Node> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _minLength = new(StringComparer.Ordinal);

    public GbnfTestGrammar(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int sep = line.IndexOf(" ::= ", StringComparison.Ordinal);
            Assert.True(sep > 0, $"Not a rule line: {line}");
            string name = line[..sep];
            Assert.Matches("^[a-z0-9-]+$", name);
            Assert.False(_rules.ContainsKey(name), $"Rule {name} is defined twice.");
            var reader = new Reader(line[(sep + 5)..]);
            _rules[name] = reader.ParseAlternatives();
            Assert.True(reader.AtEnd, $"Trailing text in rule {name}: {line}");
        }

        Assert.True(_rules.ContainsKey("root"), "No root rule.");
        foreach (var (name, node) in _rules)
        {
            foreach (var reference in References(node))
            {
                Assert.True(_rules.ContainsKey(reference), $"Rule {name} references undefined rule {reference}.");
            }
        }

        ComputeMinLengths();
    }

    public IReadOnlyCollection<string> RuleNames => _rules.Keys;

    /// <summary>A random string of the grammar; past <paramref name="maxDepth"/> it takes the shortest way out.</summary>
    public string Sample(Random random, int maxDepth = 12)
    {
        var sb = new StringBuilder();
        Generate(_rules["root"], random, sb, 0, maxDepth);
        return sb.ToString();
    }

    public bool Accepts(string text)
    {
        int[] cps = text.EnumerateRunes().Select(r => r.Value).ToArray();
        var memo = new Dictionary<(string, int), HashSet<int>>();
        return Match(_rules["root"], cps, 0, memo).Contains(cps.Length);
    }

    private void Generate(Node node, Random random, StringBuilder sb, int depth, int maxDepth)
    {
        switch (node)
        {
            case Lit l:
                foreach (int c in l.Chars)
                {
                    sb.Append(char.ConvertFromUtf32(c));
                }

                break;
            case Class or AnyChar:
                sb.Append(char.ConvertFromUtf32(PickChar(node, random)));
                break;
            case Ref r:
                Generate(_rules[r.Name], random, sb, depth + 1, maxDepth);
                break;
            case Seq s:
                foreach (var item in s.Items)
                {
                    Generate(item, random, sb, depth, maxDepth);
                }

                break;
            case Alt a:
                var option = depth < maxDepth
                    ? a.Options[random.Next(a.Options.Count)]
                    : a.Options.MinBy(MinLength)!;
                Generate(option, random, sb, depth, maxDepth);
                break;
            case Rep r:
                int upper = r.Max ?? r.Min + 5;
                int count = depth < maxDepth ? random.Next(r.Min, Math.Min(upper, r.Min + 6) + 1) : r.Min;
                for (int i = 0; i < count; i++)
                {
                    Generate(r.Item, random, sb, depth + 1, maxDepth);
                }

                break;
        }
    }

    private static int PickChar(Node node, Random random)
    {
        var candidates = Pool.Where(c => InClass(node, c)).ToList();
        if (candidates.Count > 0 && random.Next(4) > 0)
        {
            return candidates[random.Next(candidates.Count)];
        }

        if (node is Class { Negated: false } cls)
        {
            var (lo, hi) = cls.Ranges[random.Next(cls.Ranges.Count)];
            for (int attempt = 0; attempt < 100; attempt++)
            {
                int c = lo + random.Next(Math.Min(hi, 0x10FFFF) - lo + 1);
                if (c is < 0xD800 or > 0xDFFF)
                {
                    return c;
                }
            }
        }

        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int c = random.Next(0x20, 0x3000);
            if (InClass(node, c) && c is < 0xD800 or > 0xDFFF)
            {
                return c;
            }
        }

        Assert.Fail($"Cannot find a character for class {node}.");
        return 0;
    }

    private static bool InClass(Node node, int c) => node switch
    {
        AnyChar => true,
        Class cls => cls.Ranges.Any(r => r.Lo <= c && c <= r.Hi) != cls.Negated,
        _ => false,
    };

    private HashSet<int> Match(Node node, int[] s, int pos, Dictionary<(string, int), HashSet<int>> memo)
    {
        switch (node)
        {
            case Lit l:
                return pos + l.Chars.Length <= s.Length && l.Chars.SequenceEqual(s.Skip(pos).Take(l.Chars.Length)) ? [pos + l.Chars.Length] : [];
            case Class or AnyChar:
                return pos < s.Length && InClass(node, s[pos]) ? [pos + 1] : [];
            case Ref r:
                if (memo.TryGetValue((r.Name, pos), out var cached))
                {
                    return cached;
                }

                memo[(r.Name, pos)] = []; // A left-recursive re-entry matches nothing.
                var result = Match(_rules[r.Name], s, pos, memo);
                memo[(r.Name, pos)] = result;
                return result;
            case Seq seq:
                HashSet<int> current = [pos];
                foreach (var item in seq.Items)
                {
                    current = current.SelectMany(p => Match(item, s, p, memo)).ToHashSet();
                    if (current.Count == 0)
                    {
                        break;
                    }
                }

                return current;
            case Alt a:
                return a.Options.SelectMany(o => Match(o, s, pos, memo)).ToHashSet();
            case Rep rep:
                var ends = new HashSet<int>();
                var visited = new HashSet<int>();
                HashSet<int> frontier = [pos];
                for (int count = 0; ; count++)
                {
                    if (count >= rep.Min)
                    {
                        ends.UnionWith(frontier);
                        if (rep.Max is null)
                        {
                            // Unbounded and past the minimum: only positions not seen before can add anything.
                            frontier.ExceptWith(visited);
                            visited.UnionWith(frontier);
                        }
                    }

                    if (count == rep.Max || frontier.Count == 0)
                    {
                        break;
                    }

                    frontier = frontier.SelectMany(p => Match(rep.Item, s, p, memo)).ToHashSet();
                }

                return ends;
            default:
                throw new InvalidOperationException();
        }
    }

    private int MinLength(Node node) => node switch
    {
        Lit l => l.Chars.Length,
        Class or AnyChar => 1,
        Ref r => _minLength.GetValueOrDefault(r.Name, int.MaxValue / 4),
        Seq s => (int)Math.Min(int.MaxValue / 4, s.Items.Sum(i => (long)MinLength(i))),
        Alt a => a.Options.Min(MinLength),
        Rep r => r.Min == 0 ? 0 : (int)Math.Min(int.MaxValue / 4, (long)r.Min * MinLength(r.Item)),
        _ => throw new InvalidOperationException(),
    };

    private void ComputeMinLengths()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (name, node) in _rules)
            {
                int value = MinLength(node);
                if (value < _minLength.GetValueOrDefault(name, int.MaxValue / 4))
                {
                    _minLength[name] = value;
                    changed = true;
                }
            }
        }

        foreach (var name in _rules.Keys)
        {
            Assert.True(_minLength.ContainsKey(name), $"Rule {name} can never finish (no finite expansion).");
        }
    }

    private static IEnumerable<string> References(Node node) => node switch
    {
        Ref r => [r.Name],
        Seq s => s.Items.SelectMany(References),
        Alt a => a.Options.SelectMany(References),
        Rep r => References(r.Item),
        _ => [],
    };

    private sealed class Reader(string text)
    {
        private int _pos;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _pos >= text.Length;
            }
        }

        public Node ParseAlternatives()
        {
            var options = new List<Node> { ParseSequence() };
            while (!AtEnd && text[_pos] == '|')
            {
                _pos++;
                options.Add(ParseSequence());
            }

            return options.Count == 1 ? options[0] : new Alt(options);
        }

        private Node ParseSequence()
        {
            var items = new List<Node>();
            while (!AtEnd && text[_pos] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                while (_pos < text.Length && text[_pos] is '*' or '+' or '?' or '{')
                {
                    atom = ParseQuantifier(atom);
                }

                items.Add(atom);
            }

            return items.Count == 1 ? items[0] : new Seq(items);
        }

        private Node ParseQuantifier(Node atom)
        {
            char c = text[_pos++];
            switch (c)
            {
                case '*':
                    return new Rep(atom, 0, null);
                case '+':
                    return new Rep(atom, 1, null);
                case '?':
                    return new Rep(atom, 0, 1);
            }

            int close = text.IndexOf('}', _pos);
            string[] parts = text[_pos..close].Split(',');
            _pos = close + 1;
            int min = int.Parse(parts[0], CultureInfo.InvariantCulture);
            int? max = parts.Length == 1 ? min : parts[1].Length == 0 ? null : int.Parse(parts[1], CultureInfo.InvariantCulture);
            return new Rep(atom, min, max);
        }

        private Node ParseAtom()
        {
            char c = text[_pos];
            if (c == '"')
            {
                _pos++;
                var chars = new List<int>();
                while (text[_pos] != '"')
                {
                    chars.Add(ReadChar());
                }

                _pos++;
                return new Lit([.. chars]);
            }

            if (c == '[')
            {
                _pos++;
                bool negated = text[_pos] == '^';
                if (negated)
                {
                    _pos++;
                }

                var ranges = new List<(int, int)>();
                while (text[_pos] != ']')
                {
                    int lo = ReadChar();
                    int hi = lo;
                    if (text[_pos] == '-' && text[_pos + 1] != ']')
                    {
                        _pos++;
                        hi = ReadChar();
                    }

                    ranges.Add((lo, hi));
                }

                _pos++;
                return new Class(ranges, negated);
            }

            if (c == '(')
            {
                _pos++;
                var inner = ParseAlternatives();
                Assert.Equal(')', text[_pos]);
                _pos++;
                return inner;
            }

            if (c == '.')
            {
                _pos++;
                return new AnyChar();
            }

            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '-'))
            {
                _pos++;
            }

            Assert.True(_pos > start, $"Unexpected '{c}' at {start} in: {text}");
            return new Ref(text[start.._pos]);
        }

        private int ReadChar()
        {
            if (text[_pos] != '\\')
            {
                int cp = char.ConvertToUtf32(text, _pos);
                _pos += char.IsSurrogatePair(text, _pos) ? 2 : 1;
                return cp;
            }

            char e = text[_pos + 1];
            _pos += 2;
            int Hex(int n)
            {
                int v = int.Parse(text.AsSpan(_pos, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _pos += n;
                return v;
            }

            return e switch
            {
                'x' => Hex(2),
                'u' => Hex(4),
                'U' => Hex(8),
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '\\' or '"' or '[' or ']' or '-' => e,
                _ => throw new InvalidOperationException($"Unknown escape \\{e} in: {text}"),
            };
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }
    }
}
