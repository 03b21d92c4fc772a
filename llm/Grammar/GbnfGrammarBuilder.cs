using System.Text;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Collects named GBNF rules: hands out unique names, reuses rules with identical bodies, keeps
/// repetitions inside llama.cpp's limits and refuses left recursion (which llama.cpp rejects).
/// </summary>
internal sealed class GbnfGrammarBuilder
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, GbnfExpr?> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameByBody = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);

    // Fixed names of shared rules; derived names never take them, so a "$defs/string" cannot shadow "string".
    private static readonly HashSet<string> SharedNames = new(StringComparer.Ordinal)
    {
        "root", "space", "char", "string", "integer", "number", "boolean", "null", "value", "object", "array",
        "date", "time", "date-time", "uuid",
    };

    public bool Contains(string name) => _rules.ContainsKey(name);

    /// <summary>Reserves a unique rule name derived from <paramref name="hint"/>; define it later (allows recursion).</summary>
    public string Reserve(string hint, string? origin = null)
    {
        string baseName = Sanitize(hint);
        string name = baseName;
        for (int i = 2; _rules.ContainsKey(name) || SharedNames.Contains(name); i++)
        {
            name = $"{baseName}-{i}";
        }

        _rules[name] = null;
        _order.Add(name);
        if (origin is not null)
        {
            _origin[name] = origin;
        }

        return name;
    }

    /// <summary>Reserves exactly <paramref name="name"/> (e.g. <c>root</c>).</summary>
    public string ReserveExact(string name)
    {
        if (!_rules.TryAdd(name, null))
        {
            throw new InvalidOperationException($"Rule '{name}' already exists.");
        }

        _order.Add(name);
        return name;
    }

    public void Define(string name, GbnfExpr body)
    {
        if (!_rules.TryGetValue(name, out var existing) || existing is not null)
        {
            throw new InvalidOperationException($"Rule '{name}' was not reserved or is already defined.");
        }

        body = KeepRepetitionsInLimits(name, body);
        _rules[name] = body;
        _nameByBody.TryAdd(body.Render(), name);
    }

    /// <summary>
    /// Returns an expression for <paramref name="body"/>: atoms stay inline, anything larger becomes a
    /// named rule (reusing an existing rule with the same body).
    /// </summary>
    public GbnfExpr Add(string hint, GbnfExpr body)
    {
        if (body is GbnfExpr.RuleRef or GbnfExpr.Literal or GbnfExpr.CharClass || body.IsEmpty)
        {
            return body;
        }

        if (_nameByBody.TryGetValue(body.Render(), out var existing))
        {
            return GbnfExpr.Ref(existing);
        }

        string name = Reserve(hint);
        Define(name, body);
        return GbnfExpr.Ref(name);
    }

    /// <summary>Defines a fixed-name rule once (shared primitives such as <c>space</c> or <c>string</c>).</summary>
    public GbnfExpr Shared(string name, Func<GbnfExpr> body)
    {
        if (!_rules.ContainsKey(name))
        {
            _rules[name] = null;
            _order.Add(name);
            var expr = KeepRepetitionsInLimits(name, body());
            _rules[name] = expr;
            _nameByBody.TryAdd(expr.Render(), name);
        }

        return GbnfExpr.Ref(name);
    }

    public string Build(string rootName)
    {
        foreach (var (name, body) in _rules)
        {
            if (body is null)
            {
                throw new InvalidOperationException($"Rule '{name}' was reserved but never defined.");
            }
        }

        CheckNoLeftRecursion();
        var sb = new StringBuilder();
        foreach (var name in Reachable(rootName))
        {
            sb.Append(name).Append(" ::= ").Append(_rules[name]!.Render()).Append('\n');
        }

        return sb.ToString();
    }

    internal static string Sanitize(string hint)
    {
        var sb = new StringBuilder();
        foreach (char c in hint.ToLowerInvariant())
        {
            bool word = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (word)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        string name = sb.ToString().Trim('-');
        return name.Length == 0 ? "r" : name;
    }

    // Root first, then rules in the order they were first reached; unreachable helpers are dropped.
    private List<string> Reachable(string rootName)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(rootName);
        seen.Add(rootName);
        while (queue.Count > 0)
        {
            string name = queue.Dequeue();
            if (!_rules.TryGetValue(name, out var body) || body is null)
            {
                throw new InvalidOperationException($"Rule '{name}' is referenced but not defined.");
            }

            result.Add(name);
            foreach (var child in body.ReferencedRules())
            {
                if (seen.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    private GbnfExpr KeepRepetitionsInLimits(string ruleName, GbnfExpr expr)
    {
        switch (expr)
        {
            case GbnfExpr.Sequence s:
                return GbnfExpr.Seq(s.Items.Select(i => KeepRepetitionsInLimits(ruleName, i)));
            case GbnfExpr.Choice c:
                return GbnfExpr.Alt(c.Options.Select(o => KeepRepetitionsInLimits(ruleName, o)));
            case GbnfExpr.Repeat r:
                var item = KeepRepetitionsInLimits(ruleName, r.Item);
                var repeat = new GbnfExpr.Repeat(item, r.Min, r.Max);
                if (repeat.RepetitionCost() > GbnfExpr.MaxRepetitionBound)
                {
                    // A named rule counts as one symbol, which keeps llama.cpp's product check small.
                    string part = Reserve(ruleName + "-part");
                    Define(part, item);
                    repeat = new GbnfExpr.Repeat(GbnfExpr.Ref(part), r.Min, r.Max);
                }

                return repeat;
            default:
                return expr;
        }
    }

    private void CheckNoLeftRecursion()
    {
        var nullable = new HashSet<string>(StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (name, body) in _rules)
            {
                if (!nullable.Contains(name) && body!.IsNullable(nullable.Contains))
                {
                    nullable.Add(name);
                    changed = true;
                }
            }
        }

        var leftmost = _rules.ToDictionary(kv => kv.Key, kv => kv.Value!.LeftmostRules(nullable.Contains).Distinct().ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        foreach (var name in _order)
        {
            Visit(name, []);
        }

        void Visit(string name, List<string> stack)
        {
            if (state.TryGetValue(name, out int s))
            {
                if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(name)).Append(name).ToList();
                    string origin = cycle.Select(n => _origin.GetValueOrDefault(n)).FirstOrDefault(o => o is not null) ?? name;
                    throw new NotSupportedException(
                        $"The schema at '{origin}' refers to itself without consuming any input ({string.Join(" -> ", cycle)}); such left recursion cannot be expressed as a llama.cpp grammar.");
                }

                return;
            }

            state[name] = 1;
            stack.Add(name);
            foreach (var next in leftmost[name])
            {
                Visit(next, stack);
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
        }
    }
}
