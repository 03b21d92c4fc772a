namespace AgentRec.Finetune.Data;

/// <summary>A JSONL training file has a line that is not a valid example; the message names file, line and field.</summary>
public sealed class DatasetFormatException : FormatException
{
    public DatasetFormatException(string path, int line, string field, string problem, Exception? inner = null)
        : base($"{path}, line {line}, field '{field}': {problem}", inner)
    {
        FilePath = path;
        Line = line;
        Field = field;
    }

    public string FilePath { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>The JSON field at fault ("messages[2].role"), or "(line)" when the line is not JSON at all.</summary>
    public string Field { get; }
}
