namespace AgentRec.Retrieval.VectorStores;

/// <summary>A vector store or snapshot file failed its integrity checks; <see cref="FilePath"/> names it.</summary>
public sealed class VectorStoreCorruptException : IOException
{
    public VectorStoreCorruptException(string filePath, string detail, Exception? innerException = null)
        : base($"Vector store file '{filePath}' is corrupt or not a vector store: {detail}", innerException)
    {
        FilePath = filePath;
        Detail = detail;
    }

    public string FilePath { get; }

    public string Detail { get; }
}
