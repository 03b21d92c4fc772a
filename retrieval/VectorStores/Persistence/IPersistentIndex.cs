namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// What <see cref="EmbeddedVectorStore"/> and snapshots need from an in-memory index: apply validated changes,
/// and write either everything or the rows changed since the last write.
/// </summary>
internal interface IPersistentIndex : IVectorIndex
{
    EmbeddedIndexKind Kind { get; }

    /// <summary>Starts recording which rows change, for <see cref="WritePending"/>.</summary>
    void TrackChanges();

    void Upsert(IReadOnlyList<PreparedRecord> records, CancellationToken cancellationToken);

    void Delete(IReadOnlyList<string> ids);

    /// <summary>Writes every row and the meta entries, under one read lock so they agree.</summary>
    void WriteAll(IndexFileWriter writer);

    /// <summary>Writes the rows changed since tracking began or since the last call (then forgets them) and the meta entries.</summary>
    void WritePending(IndexFileWriter writer);
}
