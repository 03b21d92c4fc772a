namespace AgentRec.Core.Catalog;

/// <summary>Limits for <see cref="ItemTextBuilder"/>; the defaults keep a text near one embedding window.</summary>
public sealed record ItemTextOptions
{
    public static ItemTextOptions Default { get; } = new();

    /// <summary>Descriptions longer than this many characters are cut at a word boundary and end in "…".</summary>
    public int MaxDescriptionLength { get; init; } = 600;

    /// <summary>At most this many values are listed per attribute kind (cast lists can run to dozens).</summary>
    public int MaxValuesPerKind { get; init; } = 10;

    public bool IncludeDescription { get; init; } = true;
}
