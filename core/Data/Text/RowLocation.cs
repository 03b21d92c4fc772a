namespace AgentRec.Core.Data.Text;

/// <summary>Where a row sits, so that errors about it can name file and line.</summary>
internal readonly record struct RowLocation(string FilePath, int LineNumber)
{
    public DataFormatException Error(string? field, string? value, string problem) =>
        new(FilePath, LineNumber, field, value, problem);
}
