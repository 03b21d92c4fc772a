using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// A <c>Microsoft.Extensions.VectorData</c> vector store over an <see cref="IVectorIndexBackend"/>: in memory
/// (<see cref="InMemoryIndexBackend"/>, exact or HNSW indexes, or any index a delegate makes) or durable
/// (<see cref="EmbeddedIndexBackend"/>, one SQLite store file per collection). Each collection's index is created
/// from its record definition (dimensions, distance function, index kind) by
/// <see cref="VectorStoreCollection{TKey, TRecord}.EnsureCollectionExistsAsync"/>. The store owns the backend and
/// disposes it (and so every open index) when disposed.
/// </summary>
public sealed class AgentRecVectorStore : VectorStore, IAsyncDisposable
{
    private readonly AgentRecVectorStoreOptions options;
    private readonly ILogger logger;
    private readonly VectorStoreMetadata metadata;
    private bool disposed;

    public AgentRecVectorStore(IVectorIndexBackend backend, AgentRecVectorStoreOptions? options = null, ILogger<AgentRecVectorStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        this.options = options ?? new AgentRecVectorStoreOptions();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        metadata = new VectorStoreMetadata { VectorStoreSystemName = backend.SystemName };
    }

    public IVectorIndexBackend Backend { get; }

    /// <summary>
    /// A collection of <typeparamref name="TRecord"/>s (attributes or <paramref name="definition"/> give the schema; a
    /// <c>Dictionary&lt;string, object?&gt;</c> record type works as in <see cref="GetDynamicCollection"/>). Nothing is
    /// created until <see cref="VectorStoreCollection{TKey, TRecord}.EnsureCollectionExistsAsync"/>.
    /// </summary>
    public override AgentRecVectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new AgentRecVectorStoreCollection<TKey, TRecord>(name, Backend, definition, options.EmbeddingGenerator, logger);
    }

    /// <summary>A collection of <c>Dictionary&lt;string, object?&gt;</c> records, keyed by property name, described by <paramref name="definition"/>.</summary>
    public override AgentRecVectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ObjectDisposedException.ThrowIf(disposed, this);
        return new AgentRecVectorStoreCollection<object, Dictionary<string, object?>>(name, Backend, definition, options.EmbeddingGenerator, logger);
    }

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await foreach (string name in Backend.ListNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return name;
        }
    }

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Backend.ExistsAsync(name, cancellationToken);
    }

    public override async Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        bool existed = await Backend.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        VectorDataLog.CollectionDeleted(logger, name, Backend.SystemName, existed);
    }

    /// <summary>Serves <see cref="VectorStoreMetadata"/>, the store itself and its <see cref="IVectorIndexBackend"/>.</summary>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Backend) ? Backend
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await Backend.DisposeAsync().ConfigureAwait(false);
        base.Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;

            // The built-in backends finish disposing synchronously (they close files and free memory), so blocking is brief.
            Backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
