namespace AgentRec.Simulator.Personas;

/// <summary>How <see cref="PersonaBuilder"/> turns real users into personas.</summary>
public sealed record PersonaBuilderOptions
{
    public static PersonaBuilderOptions Default { get; } = new();

    /// <summary>What users call the items; null picks it from the dataset name ("movie" for ml-100k and redial, "product" for Amazon sets).</summary>
    public string? ItemNoun { get; init; }

    /// <summary>Weight factor per step back in time: the newest history item counts 1, the one before it this much, and so on.</summary>
    public double RecencyDecay { get; init; } = 0.9;

    /// <summary>Preferences kept per attribute kind (the strongest ones).</summary>
    public int MaxPreferencesPerKind { get; init; } = 5;

    /// <summary>Only the newest this-many history items are kept (long MovieLens histories run to hundreds).</summary>
    public int MaxHistory { get; init; } = 50;

    /// <summary>Share of personas that make typos at all; the rest write cleanly.</summary>
    public double TypoProbability { get; init; } = 0.3;

    internal void Validate()
    {
        if (RecencyDecay is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RecencyDecay), RecencyDecay, "RecencyDecay lies in (0, 1].");
        }

        if (MaxPreferencesPerKind < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPreferencesPerKind), MaxPreferencesPerKind, "MaxPreferencesPerKind must be at least 1.");
        }

        if (MaxHistory < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHistory), MaxHistory, "MaxHistory must be at least 1.");
        }

        if (TypoProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TypoProbability), TypoProbability, "TypoProbability lies in [0, 1].");
        }

        if (ItemNoun is not null && string.IsNullOrWhiteSpace(ItemNoun))
        {
            throw new ArgumentException("ItemNoun must be null or a word.", nameof(ItemNoun));
        }
    }
}
