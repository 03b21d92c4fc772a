namespace AgentRec.Core.Data.Loaders;

/// <summary>MovieLens-specific load options.</summary>
public sealed record MovieLensLoadOptions : LoadOptions
{
    /// <summary>
    /// When set, ratings below this value are left out (counted as filtered in the report). By default
    /// every rating counts as an interaction, the usual implicit-feedback reading of MovieLens.
    /// </summary>
    public int? MinimumRating { get; init; }
}
