namespace AgentRec.Retrieval.VectorStores;

/// <summary>True when <see cref="Operand"/> is false (including records that lack the field).</summary>
public sealed record NotFilter : VectorFilter
{
    public NotFilter(VectorFilter operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        Operand = operand;
    }

    public VectorFilter Operand { get; }
}
