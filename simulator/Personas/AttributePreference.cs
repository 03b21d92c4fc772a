using AgentRec.Core.Catalog;

namespace AgentRec.Simulator.Personas;

/// <summary>
/// How much a persona's history leans toward one attribute value, e.g. <c>genre:Comedy</c> at 0.4.
/// Weights are normalised within a kind (the genre weights of a persona sum to 1 before truncation).
/// </summary>
/// <param name="Kind">An <see cref="ItemAttribute"/> kind, <see cref="DecadeKind"/>, or empty for untagged values.</param>
public sealed record AttributePreference(string Kind, string Value, double Weight)
{
    /// <summary>The kind persona builders give release decades (<c>decade:1990s</c>), derived from <see cref="CatalogItem.Year"/>.</summary>
    public const string DecadeKind = "decade";

    public string Kind { get; init; } = Kind ?? throw new ArgumentNullException(nameof(Kind));

    public string Value { get; init; } = !string.IsNullOrWhiteSpace(Value)
        ? Value
        : throw new ArgumentException("A preference value must not be empty.", nameof(Value));

    public double Weight { get; init; } = Weight is >= 0 and <= 1
        ? Weight
        : throw new ArgumentOutOfRangeException(nameof(Weight), Weight, "A preference weight lies in [0, 1].");

    /// <summary>The <c>kind:value</c> token as <see cref="CatalogItem.Attributes"/> writes it (just the value when untagged).</summary>
    public string Attribute => Kind.Length == 0 ? Value : $"{Kind}:{Value}";
}
