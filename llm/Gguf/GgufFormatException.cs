namespace AgentRec.Llm.Gguf;

/// <summary>
/// A GGUF file is malformed, truncated, or lacks what the caller needs. The message names the file, the
/// field and, where there is one, the byte offset, e.g.
/// <c>model.gguf: truncated at offset 1234 while reading tensor info 'blk.0.attn_q.weight' dimensions</c>.
/// </summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(string sourcePath, long? offset, string? field, string detail, Exception? innerException = null)
        : base($"{sourcePath}: {detail}", innerException)
    {
        SourcePath = sourcePath;
        Offset = offset;
        Field = field;
    }

    /// <summary>The file (or the name given for a stream) that was being read.</summary>
    public string SourcePath { get; }

    /// <summary>Byte offset, from the start of the GGUF data, of the field at fault; null when the fault has no single place (a missing key).</summary>
    public long? Offset { get; }

    /// <summary>What was being read, e.g. <c>metadata 'general.architecture' value</c> or <c>tensor count</c>.</summary>
    public string? Field { get; }
}
