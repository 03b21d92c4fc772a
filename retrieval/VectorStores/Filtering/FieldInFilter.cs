namespace AgentRec.Retrieval.VectorStores;

/// <summary>Payload field equals any of <see cref="Values"/>: all strings or all integers (<see cref="long"/>).</summary>
public sealed record FieldInFilter : VectorFilter
{
    public FieldInFilter(string field, IEnumerable<object> values)
    {
        Field = CheckField(field);
        ArgumentNullException.ThrowIfNull(values);
        object[] copy = values.Select(v => v is int i ? (object)(long)i : v).ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException($"In-filter on field '{field}' needs at least one value.", nameof(values));
        }

        bool allStrings = copy.All(v => v is string);
        bool allIntegers = copy.All(v => v is long);
        if (!allStrings && !allIntegers)
        {
            throw new ArgumentException($"In-filter on field '{field}' takes only strings or only integers (long).", nameof(values));
        }

        Values = copy;
    }

    public string Field { get; }

    public IReadOnlyList<object> Values { get; }

    public bool Equals(FieldInFilter? other)
        => other is not null && Field == other.Field && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Field, Values.Count);
}
