namespace AgentRec.Core.Data.Text;

/// <summary>Header handling shared by the CSV loaders.</summary>
internal static class CsvColumns
{
    public static readonly IReadOnlyDictionary<string, string[]> NoAliases = new Dictionary<string, string[]>();

    /// <summary>
    /// Maps column names (trimmed, case-insensitive) to positions. Each required column may be given
    /// under its name or one of its aliases; the map is keyed by the canonical name.
    /// </summary>
    public static Dictionary<string, int> Map(
        IReadOnlyList<string> header, string path, IReadOnlyList<string> required, IReadOnlyDictionary<string, string[]> aliases)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            if (name.Length > 0 && !positions.TryAdd(name, i))
            {
                throw new DataFormatException(path, 1, "header", name, "names the same column twice");
            }
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string name, int position) in positions)
        {
            string canonical = Canonical(name, aliases);
            if (!result.TryAdd(canonical, position))
            {
                throw new DataFormatException(path, 1, "header", name, $"names the column '{canonical}' a second time");
            }
        }

        foreach (string column in required)
        {
            if (!result.ContainsKey(column))
            {
                throw new DataFormatException(path, 1, "header", string.Join(",", header),
                    $"lacks the column '{column}' (required: {string.Join(", ", required)})");
            }
        }

        return result;
    }

    public static bool IsBlank(IReadOnlyList<string> record) => record.Count == 1 && string.IsNullOrWhiteSpace(record[0]);

    public static void RequireWidth(IReadOnlyList<string> record, int width, RowLocation at)
    {
        if (record.Count != width)
        {
            throw at.Error(null, null, $"has {record.Count} fields but the header has {width}");
        }
    }

    /// <summary>Data records after the header, with their locations: blank lines are passed over and a
    /// quoting error goes through the policy (counted and skipped, or thrown).</summary>
    public static async IAsyncEnumerable<(IReadOnlyList<string> Record, RowLocation At)> Records(
        CsvReader csv, RowErrorPolicy policy, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<string>? record;
            try
            {
                record = await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DataFormatException ex) when (policy.TrySkip(ex))
            {
                // The reader resumes on the next line after a quoting error.
                policy.CountRow();
                continue;
            }

            if (record is null)
            {
                yield break;
            }

            if (IsBlank(record))
            {
                continue;
            }

            policy.CountRow();
            yield return (record, new RowLocation(csv.SourceName, csv.RecordLineNumber));
        }
    }

    private static string Canonical(string name, IReadOnlyDictionary<string, string[]> aliases)
    {
        foreach ((string canonical, string[] names) in aliases)
        {
            if (string.Equals(name, canonical, StringComparison.OrdinalIgnoreCase)
                || names.Any(alias => string.Equals(name, alias, StringComparison.OrdinalIgnoreCase)))
            {
                return canonical;
            }
        }

        return name.ToLowerInvariant();
    }
}
