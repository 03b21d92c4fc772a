namespace AgentRec.Retrieval.VectorStores;

/// <summary>Compiles a <see cref="VectorFilter"/> once per query into a delegate the embedded scans call per record.</summary>
internal static class PayloadPredicate
{
    public static Func<IReadOnlyDictionary<string, object?>?, bool> Compile(VectorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        switch (filter)
        {
            case FieldEqualsFilter eq:
                {
                    string field = eq.Field;
                    object expected = eq.Value;
                    return payload => TryGet(payload, field, out object? actual) && ValueEquals(actual!, expected);
                }

            case FieldInFilter inFilter:
                {
                    string field = inFilter.Field;
                    if (inFilter.Values[0] is string)
                    {
                        var set = new HashSet<string>(inFilter.Values.Cast<string>(), StringComparer.Ordinal);
                        return payload => TryGet(payload, field, out object? actual) && actual switch
                        {
                            string s => set.Contains(s),
                            string[] array => array.Any(set.Contains),
                            _ => false,
                        };
                    }

                    var integers = new HashSet<long>(inFilter.Values.Cast<long>());
                    return payload => TryGet(payload, field, out object? actual) && actual switch
                    {
                        long l => integers.Contains(l),
                        double d => IsWhole(d) && integers.Contains((long)d),
                        _ => false,
                    };
                }

            case FieldRangeFilter range:
                {
                    string field = range.Field;
                    return payload => TryGet(payload, field, out object? actual) && actual switch
                    {
                        long l => range.Contains(l),
                        double d => range.Contains(d),
                        _ => false,
                    };
                }

            case AndFilter and:
                {
                    var parts = and.Operands.Select(Compile).ToArray();
                    return payload =>
                    {
                        foreach (var part in parts)
                        {
                            if (!part(payload))
                            {
                                return false;
                            }
                        }

                        return true;
                    };
                }

            case OrFilter or:
                {
                    var parts = or.Operands.Select(Compile).ToArray();
                    return payload =>
                    {
                        foreach (var part in parts)
                        {
                            if (part(payload))
                            {
                                return true;
                            }
                        }

                        return false;
                    };
                }

            case NotFilter not:
                {
                    var inner = Compile(not.Operand);
                    return payload => !inner(payload);
                }

            default:
                throw new NotSupportedException($"Filter type {filter.GetType().Name} is not supported.");
        }
    }

    private static bool TryGet(IReadOnlyDictionary<string, object?>? payload, string field, out object? value)
    {
        value = null;
        return payload is not null && payload.TryGetValue(field, out value) && value is not null;
    }

    private static bool ValueEquals(object actual, object expected) => expected switch
    {
        string s => actual switch
        {
            string a => string.Equals(a, s, StringComparison.Ordinal),
            string[] array => Array.IndexOf(array, s) >= 0,
            _ => false,
        },
        long l => actual switch
        {
            long a => a == l,
            double d => IsWhole(d) && (long)d == l,
            _ => false,
        },

        // A double condition is numeric equality, the same as a closed one-point range (how Qdrant receives it).
        double d => actual switch
        {
            long a => a == d,
            double a => a == d,
            _ => false,
        },
        bool b => actual is bool a && a == b,
        _ => false,
    };

    private static bool IsWhole(double d) => double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18;
}
