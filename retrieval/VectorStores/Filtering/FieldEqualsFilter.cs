namespace AgentRec.Retrieval.VectorStores;

/// <summary>Payload field equals <see cref="Value"/> (a <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>).</summary>
public sealed record FieldEqualsFilter : VectorFilter
{
    public FieldEqualsFilter(string field, object value)
    {
        Field = CheckField(field);
        ArgumentNullException.ThrowIfNull(value);
        Value = value switch
        {
            string or long or double or bool => value,
            int i => (long)i,
            float f => (double)f,
            _ => throw new ArgumentException(
                $"Filter value for field '{field}' has unsupported type {value.GetType().Name}; use string, long, double or bool.", nameof(value)),
        };
        if (Value is double d && !double.IsFinite(d))
        {
            throw new ArgumentException($"Filter value for field '{field}' must be finite, got {d}.", nameof(value));
        }
    }

    public string Field { get; }

    public object Value { get; }
}
