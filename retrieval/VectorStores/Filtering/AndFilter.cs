namespace AgentRec.Retrieval.VectorStores;

/// <summary>True when every operand matches.</summary>
public sealed record AndFilter : VectorFilter
{
    public AndFilter(IEnumerable<VectorFilter> operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        VectorFilter[] copy = operands.ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException("And filter needs at least one operand.", nameof(operands));
        }

        if (Array.IndexOf(copy, null) >= 0)
        {
            throw new ArgumentException("And filter operands must not be null.", nameof(operands));
        }

        Operands = copy;
    }

    public IReadOnlyList<VectorFilter> Operands { get; }

    public bool Equals(AndFilter? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => Operands.Count;
}
