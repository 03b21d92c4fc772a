namespace AgentRec.Retrieval.VectorStores;

/// <summary>True when at least one operand matches.</summary>
public sealed record OrFilter : VectorFilter
{
    public OrFilter(IEnumerable<VectorFilter> operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        VectorFilter[] copy = operands.ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException("Or filter needs at least one operand.", nameof(operands));
        }

        if (Array.IndexOf(copy, null) >= 0)
        {
            throw new ArgumentException("Or filter operands must not be null.", nameof(operands));
        }

        Operands = copy;
    }

    public IReadOnlyList<VectorFilter> Operands { get; }

    public bool Equals(OrFilter? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => Operands.Count;
}
