namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// In-memory approximate index on an HNSW graph (see <see cref="HnswOptions"/> for the parameters). Upserting an id
/// with a new vector, and deleting, leave tombstones: the old node keeps routing searches but is never returned.
/// Filters are evaluated during the graph walk; when a filter is estimated to pass fewer than
/// <see cref="HnswOptions.FilterExactThreshold"/> of the records, or the walk finds fewer than <c>top</c> hits, the
/// search scans the matching records exactly instead, so a filter never silently loses results.
/// Searches run concurrently; an upsert (its inserts possibly parallel, see <see cref="HnswOptions.BuildParallelism"/>)
/// excludes searches while it runs.
/// </summary>
public sealed class HnswVectorIndex : IPersistentIndex
{
    private const int SelectivitySample = 256;

    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly HnswGraph graph;
    private readonly Dictionary<string, int> nodeOf = new(StringComparer.Ordinal);
    private string[] ids = [];
    private IReadOnlyDictionary<string, object?>?[] payloads = [];
    private bool[] deleted = [];
    private bool[] rowDirty = [];
    private bool tracking;
    private int live;
    private long exactScans;

    public HnswVectorIndex(string name, int dimensions, VectorMetric metric, HnswOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        Options = options ?? new HnswOptions();
        Options.Validate();
        Name = name;
        Dimensions = dimensions;
        Metric = metric;
        graph = new HnswGraph(dimensions, metric, Options);
    }

    public string Name { get; }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    public HnswOptions Options { get; }

    /// <summary>Nodes kept only for routing (deleted or superseded records).</summary>
    public int TombstoneCount
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return graph.Count - live;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    /// <summary>Approximate bytes held by vectors and links (ids and payloads not counted).</summary>
    public long MemoryBytes
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return graph.MemoryBytes;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    EmbeddedIndexKind IPersistentIndex.Kind => EmbeddedIndexKind.Hnsw;

    /// <summary>How many searches answered by an exact scan instead of the graph (selective filter or too few hits).</summary>
    internal long ExactScans => Interlocked.Read(ref exactScans);

    /// <summary>Reads a snapshot written by <see cref="SnapshotAsync"/> (or an HNSW <see cref="EmbeddedVectorStore"/> file); the graph is loaded, not rebuilt.</summary>
    public static Task<HnswVectorIndex> RestoreAsync(string snapshotPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        IPersistentIndex loaded = IndexFile.LoadSnapshot(snapshotPath, cancellationToken);
        return loaded is HnswVectorIndex hnsw
            ? Task.FromResult(hnsw)
            : throw new InvalidOperationException($"Snapshot '{snapshotPath}' holds a {loaded.Kind} index, not an HNSW one.");
    }

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Upsert(VectorMath.Prepare(records, Dimensions, Metric), cancellationToken);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => SearchAsync(query, top, filter, Options.EfSearch, cancellationToken);

    /// <summary>Search with a beam width for this query only (raised to <paramref name="top"/> when smaller).</summary>
    public Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter, int efSearch, CancellationToken cancellationToken = default)
    {
        VectorMath.CheckTop(top);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efSearch);
        cancellationToken.ThrowIfCancellationRequested();
        float[] prepared = VectorMath.PrepareVector(query.Span, Dimensions, Metric, "Query");
        var predicate = filter is null ? null : PayloadPredicate.Compile(filter);
        gate.EnterReadLock();
        try
        {
            return Task.FromResult(SearchLocked(prepared, top, efSearch, predicate));
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => SearchBatchAsync(queries, top, filter, Options.EfSearch, cancellationToken);

    /// <summary>Batch search with a beam width for these queries; runs <see cref="HnswOptions.SearchParallelism"/> queries at once.</summary>
    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter, int efSearch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        VectorMath.CheckTop(top);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(efSearch);
        float[][] prepared = queries.Select((q, i) => VectorMath.PrepareVector(q.Span, Dimensions, Metric, $"Query {i}")).ToArray();
        var predicate = filter is null ? null : PayloadPredicate.Compile(filter);
        var results = new IReadOnlyList<VectorMatch>[prepared.Length];
        gate.EnterReadLock();
        try
        {
            Parallel.For(0, prepared.Length, Parallelism.Of(Options.SearchParallelism, cancellationToken), i =>
                results[i] = SearchLocked(prepared[i], top, efSearch, predicate));
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
                if (id is not null && nodeOf.TryGetValue(id, out int node))
                {
                    found.Add(new VectorRecord(id, graph.Vector(node).ToArray(), payloads[node]));
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
                return Task.FromResult((long)live);
            }

            long matches = 0;
            for (int node = 0; node < graph.Count; node++)
            {
                if (!deleted[node] && predicate(payloads[node]))
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
            tracking = true;
            Array.Clear(rowDirty);
            graph.ClearDirtyLinks();
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
            for (int node = 0; node < graph.Count; node++)
            {
                WriteNode(writer, node);
                writer.PutLinks(node, graph.LinksData(node));
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
            if (!tracking)
            {
                throw new InvalidOperationException("Change tracking is not enabled.");
            }

            for (int node = 0; node < graph.Count; node++)
            {
                if (rowDirty[node])
                {
                    rowDirty[node] = false;
                    WriteNode(writer, node);
                }
            }

            foreach (int node in graph.DrainDirtyLinks())
            {
                writer.PutLinks(node, graph.LinksData(node));
            }

            writer.WriteMeta(DescribeLocked());
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    internal static HnswVectorIndex ForLoad(string name, int dimensions, VectorMetric metric, HnswOptions options, int nodeCount)
    {
        var index = new HnswVectorIndex(name, dimensions, metric, options);
        index.EnsureCapacity(nodeCount);
        return index;
    }

    /// <summary>Appends a node read from a file (single-threaded, before the index is shared).</summary>
    internal void LoadNode(int node, string id, int level, bool isDeleted, ReadOnlySpan<float> vector, IReadOnlyDictionary<string, object?>? payload)
    {
        if (node != graph.Count)
        {
            throw new InvalidDataException($"node {node} found where node {graph.Count} was expected (nodes must be numbered 0..n-1)");
        }

        EnsureCapacity(node + 1);
        graph.LoadNode(vector, level);
        ids[node] = id;
        payloads[node] = payload;
        deleted[node] = isDeleted;
        if (!isDeleted)
        {
            if (!nodeOf.TryAdd(id, node))
            {
                throw new InvalidDataException($"record id '{id}' is live at nodes {nodeOf[id]} and {node}");
            }

            live++;
        }
    }

    internal void LoadLinks(int node, ReadOnlySpan<int> data, int nodeCount) => graph.LoadLinks(node, data, nodeCount);

    internal void CompleteLoad(int entry, int top) => graph.CompleteLoad(entry, top);

    private void Upsert(IReadOnlyList<PreparedRecord> records, CancellationToken cancellationToken)
    {
        gate.EnterWriteLock();
        try
        {
            var inserts = new List<PreparedRecord>(records.Count);
            var superseded = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                if (nodeOf.TryGetValue(record.Id, out int existing))
                {
                    if (graph.Vector(existing).SequenceEqual(record.Vector))
                    {
                        // Same vector: only the payload changes, the graph stays as it is.
                        payloads[existing] = record.Payload;
                        MarkRow(existing);
                        continue;
                    }

                    Tombstone(existing);
                    superseded[record.Id] = existing;
                }

                inserts.Add(record);
            }

            int first = graph.Count;
            EnsureCapacity(first + inserts.Count);
            foreach (var record in inserts)
            {
                int node = graph.AddNode(record.Vector);
                ids[node] = record.Id;
                payloads[node] = record.Payload;
                deleted[node] = false;
                nodeOf[record.Id] = node;
                live++;
                MarkRow(node);
            }

            var done = new bool[inserts.Count];
            try
            {
                graph.InsertRange(first, graph.Count, Options.BuildParallelism, cancellationToken, done);
            }
            catch (OperationCanceledException)
            {
                // Nodes never linked are unreachable: retire them and give their ids back to the nodes they replaced.
                for (int i = 0; i < done.Length; i++)
                {
                    if (!done[i])
                    {
                        int node = first + i;
                        Tombstone(node);
                        if (superseded.TryGetValue(ids[node], out int previous))
                        {
                            deleted[previous] = false;
                            nodeOf[ids[previous]] = previous;
                            live++;
                            MarkRow(previous);
                        }
                    }
                }

                throw;
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
                if (id is not null && nodeOf.TryGetValue(id, out int node))
                {
                    Tombstone(node);
                }
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private void Tombstone(int node)
    {
        deleted[node] = true;
        nodeOf.Remove(ids[node]);
        live--;
        MarkRow(node);
    }

    private IReadOnlyList<VectorMatch> SearchLocked(float[] query, int top, int efSearch, Func<IReadOnlyDictionary<string, object?>?, bool>? predicate)
    {
        if (live == 0)
        {
            return [];
        }

        Func<int, bool>? accept = predicate is not null
            ? node => !deleted[node] && predicate(payloads[node])
            : live == graph.Count ? null : node => !deleted[node];

        if (predicate is not null && EstimateSelectivity(predicate) < Options.FilterExactThreshold)
        {
            return ScanExactly(query, top, accept);
        }

        var collector = new TopKCollector(top, node => ids[node]);
        var scratch = graph.RentScratch();
        try
        {
            var nearest = graph.Search(query, Math.Max(efSearch, top), accept, scratch);
            if (nearest.Count < Math.Min(top, live))
            {
                // Too few hits: a selective filter or tombstones cut the walk short; the exact scan cannot miss.
                return ScanExactly(query, top, accept);
            }

            foreach (var (distance, node) in nearest)
            {
                collector.Offer(-distance, node);
            }
        }
        finally
        {
            graph.ReturnScratch(scratch);
        }

        return ToMatches(collector.ToSortedArray());
    }

    private IReadOnlyList<VectorMatch> ScanExactly(float[] query, int top, Func<int, bool>? accept)
    {
        Interlocked.Increment(ref exactScans);
        Func<int, bool> acceptLive = accept ?? (node => !deleted[node]);
        return ToMatches(ExactScan.TopK(query, graph.Vectors, Dimensions, graph.Count, Metric, top, acceptLive, node => ids[node]));
    }

    /// <summary>Share of live records passing the filter, estimated on an evenly spaced sample of nodes.</summary>
    private double EstimateSelectivity(Func<IReadOnlyDictionary<string, object?>?, bool> predicate)
    {
        int nodes = graph.Count;
        int stride = Math.Max(1, nodes / SelectivitySample);
        int seen = 0;
        int passed = 0;
        for (int node = 0; node < nodes; node += stride)
        {
            if (deleted[node])
            {
                continue;
            }

            seen++;
            if (predicate(payloads[node]))
            {
                passed++;
            }
        }

        return seen == 0 ? 0 : (double)passed / seen;
    }

    private VectorMatch[] ToMatches((float Score, int Row)[] best)
    {
        var matches = new VectorMatch[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            matches[i] = new VectorMatch(ids[best[i].Row], best[i].Score, payloads[best[i].Row]);
        }

        return matches;
    }

    private Dictionary<string, string> DescribeLocked()
    {
        var meta = IndexFile.CommonMeta(EmbeddedIndexKind.Hnsw, Name, Dimensions, Metric, live);
        IndexFile.DescribeHnsw(meta, Options, graph.Count, graph.EntryPoint, graph.TopLevel);
        return meta;
    }

    private void WriteNode(IndexFileWriter writer, int node)
        => writer.PutNode(node, ids[node], graph.Level(node), deleted[node], graph.Vector(node), payloads[node]);

    private void MarkRow(int node)
    {
        if (tracking)
        {
            rowDirty[node] = true;
        }
    }

    private void EnsureCapacity(int nodes)
    {
        graph.EnsureCapacity(nodes);
        if (nodes <= ids.Length)
        {
            return;
        }

        int capacity = Math.Max(nodes, Math.Max(16, ids.Length * 2));
        Array.Resize(ref ids, capacity);
        Array.Resize(ref payloads, capacity);
        Array.Resize(ref deleted, capacity);
        Array.Resize(ref rowDirty, capacity);
    }
}
