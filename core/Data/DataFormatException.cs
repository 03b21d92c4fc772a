namespace AgentRec.Core.Data;

/// <summary>
/// A data file holds something the loader cannot accept. The message names the file, the line
/// and, where known, the field and its offending value, e.g.
/// <c>u.data line 17: field 'rating' = 'x' is not an integer</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    private const int MaxValueLengthInMessage = 80;

    public DataFormatException(string filePath, int lineNumber, string? field, string? value, string problem, Exception? innerException = null)
        : base(FormatMessage(filePath, lineNumber, field, value, problem), innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Field = field;
        Value = value;
        Problem = problem;
    }

    public DataFormatException(string filePath, int lineNumber, string problem, Exception? innerException = null)
        : this(filePath, lineNumber, field: null, value: null, problem, innerException)
    {
    }

    /// <summary>The file (or stream source name) that holds the bad data.</summary>
    public string FilePath { get; }

    /// <summary>1-based line where the bad row or value starts; 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }

    /// <summary>The column, JSON property or path at fault, if the problem is one field.</summary>
    public string? Field { get; }

    /// <summary>The offending text, if any.</summary>
    public string? Value { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string FormatMessage(string filePath, int lineNumber, string? field, string? value, string problem)
    {
        string file = Path.GetFileName(filePath);
        if (file.Length == 0)
        {
            file = filePath;
        }

        string location = lineNumber > 0 ? $"{file} line {lineNumber}" : file;
        if (field is null)
        {
            return $"{location}: {problem}";
        }

        if (value is null)
        {
            return $"{location}: field '{field}' {problem}";
        }

        string shown = value.Length > MaxValueLengthInMessage ? value[..MaxValueLengthInMessage] + "…" : value;
        return $"{location}: field '{field}' = '{shown}' {problem}";
    }
}
