namespace AgentRec.Simulator.Personas;

/// <summary>One attribute value of an item as personas use it: kind (empty when untagged) and value.</summary>
internal readonly record struct ItemFact(string Kind, string Value)
{
    public string Attribute => Kind.Length == 0 ? Value : $"{Kind}:{Value}";

    public bool SameAs(ItemFact other) =>
        string.Equals(Kind, other.Kind, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);
}
