using System.Globalization;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// In-memory brute-force index: all vectors in one contiguous array, scored with
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> (SIMD), top-k kept in a bounded heap, filters evaluated
/// during the scan. Results are exact; batch search runs queries in parallel. Cosine vectors are normalised once at
/// upsert so a search is a dot product per row. Readers run concurrently; writers are exclusive.
/// </summary>
public sealed class ExactVectorIndex : IPersistentIndex
{
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> rowOf = new(StringComparer.Ordinal);
    private readonly ExactIndexOptions options;
    private float[] vectors = [];
    private string[] ids = [];
    private IReadOnlyDictionary<string, object?>?[] payloads = [];
    private int count;
    private HashSet<string>? pendingUpserts;
    private HashSet<string>? pendingDeletes;

    public ExactVectorIndex(string name, int dimensions, VectorMetric metric, ExactIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        this.options = options ?? new ExactIndexOptions();
        this.options.Validate();
        Name = name;
        Dimensions = dimensions;
        Metric = metric;
    }

    public string Name { get; }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    EmbeddedIndexKind IPersistentIndex.Kind => EmbeddedIndexKind.Exact;

    /// <summary>Reads a snapshot written by <see cref="SnapshotAsync"/> (or an <see cref="EmbeddedVectorStore"/> file of the exact kind).</summary>
    public static Task<ExactVectorIndex> RestoreAsync(string snapshotPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        IPersistentIndex loaded = IndexFile.LoadSnapshot(snapshotPath, cancellationToken);
        if (loaded is not ExactVectorIndex exact)
        {
            throw new InvalidOperationException($"Snapshot '{snapshotPath}' holds a {loaded.Kind} index, not an exact one.");
        }

        return Task.FromResult(exact);
    }

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prepared = VectorMath.Prepare(records, Dimensions, Metric);
        Upsert(prepared, cancellationToken);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorMath.CheckTop(top);
        cancellationToken.ThrowIfCancellationRequested();
        float[] prepared = VectorMath.PrepareVector(query.Span, Dimensions, Metric, "Query");
        var predicate = filter is null ? null : PayloadPredicate.Compile(filter);
        gate.EnterReadLock();
        try
        {
            return Task.FromResult(SearchLocked(prepared, top, predicate));
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        VectorMath.CheckTop(top);
        float[][] prepared = queries.Select((q, i) => VectorMath.PrepareVector(q.Span, Dimensions, Metric, $"Query {i}")).ToArray();
        var predicate = filter is null ? null : PayloadPredicate.Compile(filter);
        var results = new IReadOnlyList<VectorMatch>[prepared.Length];
        gate.EnterReadLock();
        try
        {
            // The read lock is held by this thread for the whole batch, so the workers see a stable index.
            Parallel.For(0, prepared.Length, Parallelism.Of(options.SearchParallelism, cancellationToken), i =>
                results[i] = SearchLocked(prepared[i], top, predicate));
        }
        finally
        {
            gate.ExitReadLock();
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<VectorMatch>>>(results);
    }

    public Task<IReadOnlyList<VectorRecord>> GetAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<VectorRecord>(ids.Count);
        gate.EnterReadLock();
        try
        {
            foreach (string id in ids)
            {
                if (id is not null && rowOf.TryGetValue(id, out int row))
                {
                    found.Add(new VectorRecord(id, RowSpan(row).ToArray(), payloads[row]));
                }
            }
        }
        finally
        {
            gate.ExitReadLock();
        }

        return Task.FromResult<IReadOnlyList<VectorRecord>>(found);
    }

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        Delete(ids);
        return Task.CompletedTask;
    }

    public Task<long> CountAsync(VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var predicate = filter is null ? null : PayloadPredicate.Compile(filter);
        gate.EnterReadLock();
        try
        {
            if (predicate is null)
            {
                return Task.FromResult((long)count);
            }

            long matches = 0;
            for (int row = 0; row < count; row++)
            {
                if (predicate(payloads[row]))
                {
                    matches++;
                }
            }

            return Task.FromResult(matches);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IndexFile.WriteSnapshot(path, this, cancellationToken);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        gate.Dispose();
        return ValueTask.CompletedTask;
    }

    void IPersistentIndex.TrackChanges()
    {
        gate.EnterWriteLock();
        try
        {
            pendingUpserts = new HashSet<string>(StringComparer.Ordinal);
            pendingDeletes = new HashSet<string>(StringComparer.Ordinal);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    void IPersistentIndex.Upsert(IReadOnlyList<PreparedRecord> records, CancellationToken cancellationToken) => Upsert(records, cancellationToken);

    void IPersistentIndex.Delete(IReadOnlyList<string> ids) => Delete(ids);

    void IPersistentIndex.WriteAll(IndexFileWriter writer)
    {
        gate.EnterReadLock();
        try
        {
            for (int row = 0; row < count; row++)
            {
                writer.PutRecord(ids[row], RowSpan(row), payloads[row]);
            }

            writer.WriteMeta(DescribeLocked());
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    void IPersistentIndex.WritePending(IndexFileWriter writer)
    {
        gate.EnterReadLock();
        try
        {
            if (pendingUpserts is null || pendingDeletes is null)
            {
                throw new InvalidOperationException("Change tracking is not enabled.");
            }

            foreach (string id in pendingDeletes)
            {
                writer.DeleteRecord(id);
            }

            foreach (string id in pendingUpserts)
            {
                int row = rowOf[id];
                writer.PutRecord(id, RowSpan(row), payloads[row]);
            }

            pendingDeletes.Clear();
            pendingUpserts.Clear();
            writer.WriteMeta(DescribeLocked());
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    internal static ExactVectorIndex ForLoad(string name, int dimensions, VectorMetric metric, ExactIndexOptions options, int capacity)
    {
        var index = new ExactVectorIndex(name, dimensions, metric, options);
        index.EnsureCapacity(capacity);
        return index;
    }

    /// <summary>Adds one row read from a file (single-threaded, before the index is shared).</summary>
    internal void LoadRecord(string id, ReadOnlySpan<float> vector, IReadOnlyDictionary<string, object?>? payload)
    {
        if (rowOf.ContainsKey(id))
        {
            throw new InvalidDataException($"record id '{id}' appears twice");
        }

        Append(id, vector, payload);
    }

    private void Upsert(IReadOnlyList<PreparedRecord> records, CancellationToken cancellationToken)
    {
        gate.EnterWriteLock();
        try
        {
            EnsureCapacity(count + records.Count);
            foreach (var record in records)
            {
                if (rowOf.TryGetValue(record.Id, out int row))
                {
                    record.Vector.CopyTo(vectors.AsSpan(row * Dimensions, Dimensions));
                    payloads[row] = record.Payload;
                }
                else
                {
                    Append(record.Id, record.Vector, record.Payload);
                }

                pendingDeletes?.Remove(record.Id);
                pendingUpserts?.Add(record.Id);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private void Delete(IReadOnlyList<string> idsToDelete)
    {
        gate.EnterWriteLock();
        try
        {
            foreach (string id in idsToDelete)
            {
                if (id is null || !rowOf.Remove(id, out int row))
                {
                    continue;
                }

                // Swap-remove keeps the rows contiguous; the moved row keeps its id, so the file is unaffected.
                int last = count - 1;
                if (row != last)
                {
                    vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(vectors.AsSpan(row * Dimensions, Dimensions));
                    ids[row] = ids[last];
                    payloads[row] = payloads[last];
                    rowOf[ids[row]] = row;
                }

                ids[last] = null!;
                payloads[last] = null;
                count--;
                pendingUpserts?.Remove(id);
                pendingDeletes?.Add(id);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private Dictionary<string, string> DescribeLocked()
    {
        var meta = IndexFile.CommonMeta(EmbeddedIndexKind.Exact, Name, Dimensions, Metric, count);
        meta[IndexFile.ExactSearchParallelismKey] = options.SearchParallelism.ToString(CultureInfo.InvariantCulture);
        return meta;
    }

    private IReadOnlyList<VectorMatch> SearchLocked(float[] query, int top, Func<IReadOnlyDictionary<string, object?>?, bool>? predicate)
    {
        Func<int, bool>? accept = predicate is null ? null : row => predicate(payloads[row]);
        var best = ExactScan.TopK(query, vectors, Dimensions, count, Metric, top, accept, row => ids[row]);
        var matches = new VectorMatch[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            matches[i] = new VectorMatch(ids[best[i].Row], best[i].Score, payloads[best[i].Row]);
        }

        return matches;
    }

    private void Append(string id, ReadOnlySpan<float> vector, IReadOnlyDictionary<string, object?>? payload)
    {
        EnsureCapacity(count + 1);
        vector.CopyTo(vectors.AsSpan(count * Dimensions, Dimensions));
        ids[count] = id;
        payloads[count] = payload;
        rowOf[id] = count;
        count++;
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= ids.Length)
        {
            return;
        }

        int capacity = Math.Max(rows, Math.Max(16, ids.Length * 2));
        if ((long)capacity * Dimensions > Array.MaxLength)
        {
            capacity = rows;
            if ((long)capacity * Dimensions > Array.MaxLength)
            {
                throw new InvalidOperationException($"Index '{Name}' cannot hold {rows} vectors of {Dimensions} dimensions in one array.");
            }
        }

        Array.Resize(ref vectors, capacity * Dimensions);
        Array.Resize(ref ids, capacity);
        Array.Resize(ref payloads, capacity);
    }

    private ReadOnlySpan<float> RowSpan(int row) => new(vectors, row * Dimensions, Dimensions);
}
