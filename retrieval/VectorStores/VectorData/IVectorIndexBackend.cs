namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Where an <see cref="AgentRecVectorStore"/> keeps its collections: a set of named <see cref="IVectorIndex"/>es that
/// it can list, open, create, delete and restore. The backend owns the indexes it opens (a name opens to the same
/// instance until it is deleted or restored) and disposes them when it is disposed. Implementations are thread-safe.
/// </summary>
public interface IVectorIndexBackend : IAsyncDisposable
{
    /// <summary>Reported as <c>VectorStoreSystemName</c> in the VectorData metadata.</summary>
    string SystemName { get; }

    /// <summary>Names of the collections that exist.</summary>
    IAsyncEnumerable<string> ListNamesAsync(CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The index of an existing collection, or null when there is none.</summary>
    Task<IVectorIndex?> OpenAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The index named <see cref="VectorIndexSpec.Name"/>, created from <paramref name="spec"/> when missing. An existing
    /// index is returned as it is: the caller checks it against the spec (<see cref="VectorIndexSpec.IsMetBy"/>).
    /// </summary>
    Task<IVectorIndex> OpenOrCreateAsync(VectorIndexSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Deletes the collection and its data; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces collection <paramref name="name"/> (created when missing) with the contents of a snapshot written by
    /// <see cref="IVectorIndex.SnapshotAsync"/>, and returns its new index.
    /// </summary>
    Task<IVectorIndex> RestoreAsync(string name, string snapshotPath, CancellationToken cancellationToken = default);
}
