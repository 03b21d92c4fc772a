namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// A translated filter: a <see cref="VectorFilter"/>, or a constant when the expression is always true (no filter) or
/// always false (e.g. <c>Contains</c> over an empty list, where the search can return nothing without asking the index).
/// </summary>
internal readonly record struct FilterTerm
{
    private readonly bool constant;

    private FilterTerm(VectorFilter? filter, bool constant)
    {
        Filter = filter;
        this.constant = constant;
    }

    public static FilterTerm Everything { get; } = new(null, true);

    public static FilterTerm Nothing { get; } = new(null, false);

    /// <summary>The condition, or null when the term is a constant.</summary>
    public VectorFilter? Filter { get; }

    public bool MatchesNothing => Filter is null && !constant;

    public static FilterTerm Of(VectorFilter filter) => new(filter, false);

    public static FilterTerm Constant(bool value) => value ? Everything : Nothing;

    public static FilterTerm And(FilterTerm left, FilterTerm right)
    {
        if (left.MatchesNothing || right.MatchesNothing)
        {
            return Nothing;
        }

        return left.Filter is null ? right : right.Filter is null ? left : Of(left.Filter & right.Filter);
    }

    public static FilterTerm Or(FilterTerm left, FilterTerm right)
    {
        if (left == Everything || right == Everything)
        {
            return Everything;
        }

        return left.MatchesNothing ? right : right.MatchesNothing ? left : Of(left.Filter! | right.Filter!);
    }

    public static FilterTerm Not(FilterTerm term) => term.Filter is null ? Constant(term.MatchesNothing) : Of(!term.Filter);
}
