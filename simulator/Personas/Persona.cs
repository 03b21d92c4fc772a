using AgentRec.Core.Catalog;

namespace AgentRec.Simulator.Personas;

/// <summary>
/// A simulated user (AILO persona) derived from a real user: what they had, the item they are after
/// (<see cref="Target"/>, held out and never shown to the agent), the preferences their history implies,
/// and Activities / Interests / Linguistic traits / Orientations that shape how they talk.
/// </summary>
/// <param name="UserId">The source user (dataset user id, or <c>dialogue#turn</c> for dialogue personas).</param>
/// <param name="Target">The hidden item that ends the session successfully when recommended.</param>
/// <param name="History">Items the user had before, oldest first (may be empty for dialogue personas).</param>
/// <param name="Preferences">Attribute preferences from <paramref name="History"/>, grouped by kind, strongest first.</param>
public sealed record Persona(
    string UserId,
    CatalogItem Target,
    IReadOnlyList<CatalogItem> History,
    IReadOnlyList<AttributePreference> Preferences,
    IReadOnlyList<string> Activities,
    IReadOnlyList<string> Interests,
    LinguisticTraits Linguistic,
    Orientations Orientations)
{
    public string UserId { get; init; } = !string.IsNullOrWhiteSpace(UserId)
        ? UserId
        : throw new ArgumentException("A persona needs a user id.", nameof(UserId));

    public CatalogItem Target { get; init; } = Target ?? throw new ArgumentNullException(nameof(Target));

    public IReadOnlyList<CatalogItem> History { get; init; } = History ?? throw new ArgumentNullException(nameof(History));

    public IReadOnlyList<AttributePreference> Preferences { get; init; } = Preferences ?? throw new ArgumentNullException(nameof(Preferences));

    public IReadOnlyList<string> Activities { get; init; } = Activities ?? throw new ArgumentNullException(nameof(Activities));

    public IReadOnlyList<string> Interests { get; init; } = Interests ?? throw new ArgumentNullException(nameof(Interests));

    public LinguisticTraits Linguistic { get; init; } = Linguistic ?? throw new ArgumentNullException(nameof(Linguistic));

    public Orientations Orientations { get; init; } = Orientations ?? throw new ArgumentNullException(nameof(Orientations));

    /// <summary>What the user calls the items ("movie", "product"); used in phrasing.</summary>
    public string ItemNoun { get; init; } = "item";

    /// <summary>Where the persona came from, e.g. <c>ml-100k:test</c> or <c>redial:20001#3</c>.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// False (the default): the user never names the target's id or title. True models a known-item
    /// search, where the user asks for the target by name; only set it deliberately.
    /// </summary>
    public bool RevealsTarget { get; init; }

    /// <summary>Seeds the user's phrasing choices; the same persona and seed give the same session.</summary>
    public int Seed { get; init; }

    /// <summary>The preference weight of an attribute token (<c>kind:value</c>), or 0.</summary>
    public double PreferenceFor(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        foreach (AttributePreference preference in Preferences)
        {
            if (string.Equals(preference.Attribute, attribute, StringComparison.OrdinalIgnoreCase))
            {
                return preference.Weight;
            }
        }

        return 0;
    }
}
