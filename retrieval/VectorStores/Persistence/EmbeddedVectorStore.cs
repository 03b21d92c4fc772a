using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// A durable embedded index: an in-memory <see cref="ExactVectorIndex"/> or <see cref="HnswVectorIndex"/> mirrored to
/// one SQLite file (layout in <see cref="IndexFile"/>). Each upsert or delete batch is applied in memory and then
/// committed in one SQLite transaction; if the write fails (or is cancelled) the memory copy is reloaded from the file,
/// so the store always equals its last commit. <see cref="OpenAsync"/> loads records, payloads and the HNSW graph as
/// stored: nothing is rebuilt.
/// </summary>
/// <remarks>
/// Why an SQLite file rather than a folder of own files: a batch becomes a transaction that writes only the rows it
/// changed (a 10-record upsert does not rewrite 150 MB), the rollback journal makes a crash mid-write roll back on the
/// next open instead of leaving a torn file, it is one file to copy, and Microsoft.Data.Sqlite is already a dependency.
/// SQLite does not checksum row contents, so every row carries a CRC-32C verified on load, and damage raises
/// <see cref="VectorStoreCorruptException"/> naming the file. The file is held in exclusive locking mode: one process
/// owns a store at a time. Searches see a batch as soon as it is applied in memory, slightly before its commit returns.
/// </remarks>
public sealed partial class EmbeddedVectorStore : IVectorIndex
{
    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly ILogger logger;
    private volatile IPersistentIndex? index;
    private bool disposed;

    private EmbeddedVectorStore(string path, SqliteConnection connection, IPersistentIndex index, ILogger logger)
    {
        Path = path;
        this.connection = connection;
        this.index = index;
        this.logger = logger;
        Name = index.Name;
        Dimensions = index.Dimensions;
        Metric = index.Metric;
        IndexKind = index.Kind;
    }

    /// <summary>Full path of the store file.</summary>
    public string Path { get; }

    public string Name { get; }

    public int Dimensions { get; }

    public VectorMetric Metric { get; }

    public EmbeddedIndexKind IndexKind { get; }

    /// <summary>Test hook: called with the running row count after each row a commit writes (throw to simulate a failed write).</summary>
    internal Action<int>? AfterRowWrittenForTesting { get; set; }

    private IPersistentIndex Index
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return index ?? throw new InvalidOperationException(
                $"Vector store '{Path}' could not reload its last committed state after a failed write; reopen it.");
        }
    }

    /// <summary>Creates a new, empty store file (atomically: the file appears complete or not at all). Fails if it exists.</summary>
    public static Task<EmbeddedVectorStore> CreateAsync(string path, EmbeddedVectorStoreOptions options, ILogger<EmbeddedVectorStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        string fullPath = System.IO.Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            throw new IOException($"Vector store '{fullPath}' already exists; open it with {nameof(OpenAsync)}.");
        }

        IPersistentIndex empty = options.Index switch
        {
            EmbeddedIndexKind.Exact => new ExactVectorIndex(options.Name, options.Dimensions, options.Metric, options.Exact),
            EmbeddedIndexKind.Hnsw => new HnswVectorIndex(options.Name, options.Dimensions, options.Metric, options.Hnsw),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Index, "Unknown index kind."),
        };
        IndexFile.WriteSnapshot(fullPath, empty, cancellationToken, overwrite: false);
        var store = Attach(fullPath, empty, logger);
        LogCreated(store.logger, fullPath, options.Index, options.Dimensions, options.Metric);
        return Task.FromResult(store);
    }

    /// <summary>Opens an existing store, verifying every row; damage raises <see cref="VectorStoreCorruptException"/>.</summary>
    public static Task<EmbeddedVectorStore> OpenAsync(string path, ILogger<EmbeddedVectorStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Vector store '{fullPath}' does not exist.", fullPath);
        }

        var clock = Stopwatch.StartNew();

        // Opening read-write lets SQLite roll back a transaction a crash left in the journal before anything is read.
        var connection = IndexFile.Open(fullPath, SqliteOpenMode.ReadWrite);
        try
        {
            IPersistentIndex loaded = IndexFile.Load(connection, fullPath, cancellationToken);
            loaded.TrackChanges();
            var store = new EmbeddedVectorStore(fullPath, connection, loaded, (ILogger?)logger ?? NullLogger.Instance);
            LogOpened(store.logger, fullPath, loaded.Kind, loaded.CountAsync(cancellationToken: cancellationToken).Result, clock.ElapsedMilliseconds);
            return Task.FromResult(store);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store at <paramref name="path"/>, or creates it; an existing store must match <paramref name="options"/>' name, kind, dimensions and metric.</summary>
    public static async Task<EmbeddedVectorStore> OpenOrCreateAsync(string path, EmbeddedVectorStoreOptions options, ILogger<EmbeddedVectorStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            return await CreateAsync(path, options, logger, cancellationToken).ConfigureAwait(false);
        }

        var store = await OpenAsync(path, logger, cancellationToken).ConfigureAwait(false);
        if (store.Name != options.Name || store.IndexKind != options.Index || store.Dimensions != options.Dimensions || store.Metric != options.Metric)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Vector store '{store.Path}' holds '{store.Name}' ({store.IndexKind}, {store.Dimensions} dimensions, {store.Metric}); " +
                $"asked for '{options.Name}' ({options.Index}, {options.Dimensions} dimensions, {options.Metric}).");
        }

        return store;
    }

    /// <summary>
    /// Makes <paramref name="path"/> a store holding the snapshot at <paramref name="snapshotPath"/> (written by any
    /// embedded index's <see cref="IVectorIndex.SnapshotAsync"/>). The snapshot is verified before it replaces anything.
    /// </summary>
    public static Task<EmbeddedVectorStore> RestoreAsync(string snapshotPath, string path, bool overwrite = false, ILogger<EmbeddedVectorStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string source = System.IO.Path.GetFullPath(snapshotPath);
        string target = System.IO.Path.GetFullPath(path);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"Vector index snapshot '{source}' does not exist.", source);
        }

        if (!overwrite && File.Exists(target))
        {
            throw new IOException($"Vector store '{target}' already exists; pass overwrite: true to replace it.");
        }

        string directory = System.IO.Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(source, temp);
            IPersistentIndex loaded;
            using (var check = IndexFile.Open(temp, SqliteOpenMode.ReadWrite))
            {
                loaded = IndexFile.Load(check, source, cancellationToken);
            }

            IndexFile.SyncToDisk(temp);
            File.Move(temp, target, overwrite);
            return Task.FromResult(Attach(target, loaded, logger));
        }
        catch
        {
            IndexFile.TryDelete(temp);
            IndexFile.TryDelete(temp + "-journal");
            throw;
        }
    }

    public async Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        var prepared = VectorMath.Prepare(records, Dimensions, Metric);
        if (prepared.Count == 0)
        {
            return;
        }

        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Commit(current => current.Upsert(prepared, cancellationToken));
        }
        finally
        {
            writeGate.Release();
        }
    }

    public Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => Index.SearchAsync(query, top, filter, cancellationToken);

    /// <summary>Search with an HNSW beam width for this query (ignored by an exact store).</summary>
    public Task<IReadOnlyList<VectorMatch>> SearchAsync(ReadOnlyMemory<float> query, int top, VectorFilter? filter, int efSearch, CancellationToken cancellationToken = default)
        => Index is HnswVectorIndex hnsw
            ? hnsw.SearchAsync(query, top, filter, efSearch, cancellationToken)
            : Index.SearchAsync(query, top, filter, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyList<VectorMatch>>> SearchBatchAsync(IReadOnlyList<ReadOnlyMemory<float>> queries, int top, VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => Index.SearchBatchAsync(queries, top, filter, cancellationToken);

    public Task<IReadOnlyList<VectorRecord>> GetAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        => Index.GetAsync(ids, cancellationToken);

    public async Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Commit(current => current.Delete(ids));
        }
        finally
        {
            writeGate.Release();
        }
    }

    public Task<long> CountAsync(VectorFilter? filter = null, CancellationToken cancellationToken = default)
        => Index.CountAsync(filter, cancellationToken);

    /// <summary>Writes the committed state to <paramref name="path"/> (atomically); restore with <see cref="RestoreAsync"/> or the in-memory indexes' <c>RestoreAsync</c>.</summary>
    public async Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (string.Equals(System.IO.Path.GetFullPath(path), Path, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A snapshot cannot overwrite the store file itself ('{Path}').", nameof(path));
        }

        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IndexFile.WriteSnapshot(path, Index, cancellationToken);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            disposed = true;
            connection.Dispose();
            if (index is not null)
            {
                await index.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static EmbeddedVectorStore Attach(string fullPath, IPersistentIndex loaded, ILogger<EmbeddedVectorStore>? logger)
    {
        var connection = IndexFile.Open(fullPath, SqliteOpenMode.ReadWrite);
        loaded.TrackChanges();
        return new EmbeddedVectorStore(fullPath, connection, loaded, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Applies a change in memory and commits the rows it touched; on any failure restores the committed state.</summary>
    private void Commit(Action<IPersistentIndex> change)
    {
        var current = Index;
        try
        {
            change(current);
            using var writer = new IndexFileWriter(connection, AfterRowWrittenForTesting);
            current.WritePending(writer);
            writer.Commit();
        }
        catch (Exception failure)
        {
            LogWriteFailed(logger, failure, Path);
            index = null;
            try
            {
                var reloaded = IndexFile.Load(connection, Path, CancellationToken.None);
                reloaded.TrackChanges();
                index = reloaded;
            }
            catch (Exception reloadFailure)
            {
                throw new AggregateException($"Writing vector store '{Path}' failed and its committed state could not be reloaded.", failure, reloadFailure);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created vector store {Path} ({Kind}, {Dimensions} dimensions, {Metric})")]
    private static partial void LogCreated(ILogger logger, string path, EmbeddedIndexKind kind, int dimensions, VectorMetric metric);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened vector store {Path} ({Kind}, {Count} records) in {ElapsedMs} ms")]
    private static partial void LogOpened(ILogger logger, string path, EmbeddedIndexKind kind, long count, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write to vector store {Path} failed; reloading its last committed state")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string path);
}
