namespace AgentRec.Core.Data;

/// <summary>
/// Counts rows for a <see cref="LoadReport"/> and decides what a bad row does: loaders call
/// <see cref="TrySkip"/> from an exception filter, so with skipping off the original exception
/// propagates untouched.
/// </summary>
internal sealed class RowErrorPolicy(LoadOptions? options)
{
    private readonly LoadOptions _options = options ?? LoadOptions.Default;
    private readonly List<string> _reasons = [];

    public long RowsRead { get; private set; }

    public long RowsSkipped { get; private set; }

    public long RowsFiltered { get; private set; }

    public void CountRow() => RowsRead++;

    public void CountFiltered() => RowsFiltered++;

    public bool TrySkip(DataFormatException error)
    {
        if (!_options.SkipInvalidRows)
        {
            return false;
        }

        RowsSkipped++;
        if (_reasons.Count < _options.MaxReportedReasons)
        {
            _reasons.Add(error.Message);
        }

        return true;
    }

    public LoadReport ToReport() => new(RowsRead, RowsSkipped, RowsFiltered, [.. _reasons]);
}
