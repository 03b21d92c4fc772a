namespace AgentRec.Llm.Tokenization;

/// <summary>
/// A vocabulary file (or vocabulary data) is malformed. The message names the file, the field and the
/// value at fault, e.g. <c>vocab.json: tokens[3]: must be "&lt;|im_start|&gt;" (control), not "foo"</c>.
/// </summary>
public sealed class VocabularyFormatException : Exception
{
    public VocabularyFormatException(string sourcePath, string? field, string detail, Exception? innerException = null)
        : base(field is null ? $"{sourcePath}: {detail}" : $"{sourcePath}: {field}: {detail}", innerException)
    {
        SourcePath = sourcePath;
        Field = field;
    }

    /// <summary>The file, or a description of the data, that was being read.</summary>
    public string SourcePath { get; }

    /// <summary>The JSON field at fault, e.g. <c>tokens[3]</c>; null when the fault is the whole file.</summary>
    public string? Field { get; }
}
