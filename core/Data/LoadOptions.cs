namespace AgentRec.Core.Data;

/// <summary>How a loader treats rows it cannot accept.</summary>
public record LoadOptions
{
    public static LoadOptions Default { get; } = new();

    /// <summary>
    /// When false (the default) the first bad row stops the load with a <see cref="DataFormatException"/>.
    /// When true bad rows are skipped and counted in the <see cref="LoadReport"/>; nothing is dropped unreported.
    /// </summary>
    public bool SkipInvalidRows { get; init; }

    /// <summary>How many skip reasons the report keeps verbatim (the count is always exact).</summary>
    public int MaxReportedReasons { get; init; } = 10;
}
