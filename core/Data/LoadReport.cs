namespace AgentRec.Core.Data;

/// <summary>What a load read, skipped and filtered.</summary>
/// <param name="RowsRead">Data rows (lines, records or JSON entries) the loader looked at.</param>
/// <param name="RowsSkipped">Rows rejected as invalid (only non-zero with <see cref="LoadOptions.SkipInvalidRows"/>).</param>
/// <param name="RowsFiltered">Valid rows left out on purpose by an option, such as a minimum rating.</param>
/// <param name="SkipReasons">The messages of the first few skipped rows.</param>
public sealed record LoadReport(long RowsRead, long RowsSkipped, long RowsFiltered, IReadOnlyList<string> SkipReasons)
{
    public static LoadReport Empty { get; } = new(0, 0, 0, []);

    /// <summary>Sums two reports (e.g. an items file and an interactions file), keeping at most <paramref name="maxReasons"/> reasons.</summary>
    public LoadReport Combine(LoadReport other, int maxReasons = 10)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentOutOfRangeException.ThrowIfNegative(maxReasons);
        return new LoadReport(
            RowsRead + other.RowsRead,
            RowsSkipped + other.RowsSkipped,
            RowsFiltered + other.RowsFiltered,
            [.. SkipReasons.Concat(other.SkipReasons).Take(maxReasons)]);
    }
}
