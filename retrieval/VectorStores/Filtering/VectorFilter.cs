namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// An immutable condition on record payloads. Leaves test one payload field (<see cref="FieldEqualsFilter"/>,
/// <see cref="FieldInFilter"/>, <see cref="FieldRangeFilter"/>); <see cref="AndFilter"/>, <see cref="OrFilter"/> and
/// <see cref="NotFilter"/> combine them. Each backend translates the tree (embedded indexes evaluate it,
/// Qdrant receives its JSON filter). A leaf on a missing or null field is false, so <c>Not(leaf)</c> is true there.
/// </summary>
public abstract record VectorFilter
{
    private protected VectorFilter()
    {
    }

    /// <summary>Field equals <paramref name="value"/>; on a <c>string[]</c> field, any element equals it.</summary>
    public static VectorFilter Equal(string field, string value) => new FieldEqualsFilter(field, value);

    /// <summary>Field is the integer <paramref name="value"/> (a double payload matches when it is that whole number).</summary>
    public static VectorFilter Equal(string field, long value) => new FieldEqualsFilter(field, value);

    /// <summary>Field is numerically equal to <paramref name="value"/>.</summary>
    public static VectorFilter Equal(string field, double value) => new FieldEqualsFilter(field, value);

    public static VectorFilter Equal(string field, bool value) => new FieldEqualsFilter(field, value);

    /// <summary>Field equals any of <paramref name="values"/> (for a <c>string[]</c> field: the arrays share an element).</summary>
    public static VectorFilter In(string field, params IEnumerable<string> values) => new FieldInFilter(field, values.Cast<object>());

    /// <summary>Field is any of the integers <paramref name="values"/>.</summary>
    public static VectorFilter In(string field, params IEnumerable<long> values) => new FieldInFilter(field, values.Cast<object>());

    /// <summary>Numeric field within the given bounds (null bound = unbounded; at least one bound is required).</summary>
    public static VectorFilter Range(string field, double? greaterThan = null, double? greaterOrEqual = null, double? lessThan = null, double? lessOrEqual = null)
        => new FieldRangeFilter(field, greaterThan, greaterOrEqual, lessThan, lessOrEqual);

    /// <summary>Field in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static VectorFilter Between(string field, double min, double max) => new FieldRangeFilter(field, null, min, null, max);

    public static VectorFilter And(params IEnumerable<VectorFilter> operands) => new AndFilter(operands);

    public static VectorFilter Or(params IEnumerable<VectorFilter> operands) => new OrFilter(operands);

    public static VectorFilter Not(VectorFilter operand) => new NotFilter(operand);

    /// <summary>And; chains (<c>a &amp; b &amp; c</c>) become one flat <see cref="AndFilter"/>.</summary>
    public static VectorFilter operator &(VectorFilter left, VectorFilter right)
        => left is AndFilter and ? new AndFilter(and.Operands.Append(right)) : And(left, right);

    /// <summary>Or; chains (<c>a | b | c</c>) become one flat <see cref="OrFilter"/>.</summary>
    public static VectorFilter operator |(VectorFilter left, VectorFilter right)
        => left is OrFilter or ? new OrFilter(or.Operands.Append(right)) : Or(left, right);

    public static VectorFilter operator !(VectorFilter operand) => Not(operand);

    private protected static string CheckField(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return field;
    }
}
