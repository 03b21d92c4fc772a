namespace AgentRec.Retrieval.VectorStores;

/// <summary>Numeric payload field (long or double) within bounds; a null bound is open. A non-numeric field never matches.</summary>
public sealed record FieldRangeFilter : VectorFilter
{
    public FieldRangeFilter(string field, double? greaterThan, double? greaterOrEqual, double? lessThan, double? lessOrEqual)
    {
        Field = CheckField(field);
        if (greaterThan is null && greaterOrEqual is null && lessThan is null && lessOrEqual is null)
        {
            throw new ArgumentException($"Range filter on field '{field}' needs at least one bound.");
        }

        foreach (double? bound in new[] { greaterThan, greaterOrEqual, lessThan, lessOrEqual })
        {
            if (bound is double b && double.IsNaN(b))
            {
                throw new ArgumentException($"Range filter on field '{field}' has a NaN bound.");
            }
        }

        GreaterThan = greaterThan;
        GreaterOrEqual = greaterOrEqual;
        LessThan = lessThan;
        LessOrEqual = lessOrEqual;
    }

    public string Field { get; }

    public double? GreaterThan { get; }

    public double? GreaterOrEqual { get; }

    public double? LessThan { get; }

    public double? LessOrEqual { get; }

    internal bool Contains(double value)
        => (GreaterThan is not double gt || value > gt)
        && (GreaterOrEqual is not double ge || value >= ge)
        && (LessThan is not double lt || value < lt)
        && (LessOrEqual is not double le || value <= le);
}
