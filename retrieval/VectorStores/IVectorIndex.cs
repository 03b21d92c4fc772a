namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// A collection of vectors searchable by similarity: the contract shared by the embedded indexes
/// (<see cref="ExactVectorIndex"/>, <see cref="HnswVectorIndex"/>, <see cref="EmbeddedVectorStore"/>) and
/// <see cref="QdrantVectorIndex"/>. Results are ordered best first (see <see cref="VectorMetric"/> for what a
/// score means); ties are broken by id so that results are reproducible.
/// </summary>
public interface IVectorIndex : IAsyncDisposable
{
    /// <summary>The index (collection) name.</summary>
    string Name { get; }

    /// <summary>Length every vector and query must have.</summary>
    int Dimensions { get; }

    VectorMetric Metric { get; }

    /// <summary>Inserts or overwrites records by id (vector and payload both replaced). Within one batch the last record for an id wins.</summary>
    Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="top"/> most similar records that pass <paramref name="filter"/>, best first.</summary>
    Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>One result list per query, in query order; equal to calling <see cref="SearchAsync"/> for each.</summary>
    Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The stored records for the ids that exist, in the order asked; unknown ids are left out.</summary>
    Task<IReadOnlyList<VectorRecord>> GetAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Removes the records with these ids; unknown ids are ignored.</summary>
    Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Number of records (that pass <paramref name="filter"/>, when given).</summary>
    Task<long> CountAsync(VectorFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a consistent copy of the whole index to <paramref name="path"/> (atomically: the file is complete or absent).
    /// Each implementation has a static <c>RestoreAsync</c> factory that reads it back.
    /// </summary>
    Task SnapshotAsync(string path, CancellationToken cancellationToken = default);
}
