using System.Runtime.CompilerServices;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Collections held in process memory: each is an index made by a delegate from its <see cref="VectorIndexSpec"/>
/// (by default an <see cref="ExactVectorIndex"/> or <see cref="HnswVectorIndex"/>, as the spec or the default kind says).
/// Nothing survives the process except what is written with <see cref="IVectorIndex.SnapshotAsync"/>.
/// </summary>
public sealed class InMemoryIndexBackend : IVectorIndexBackend
{
    private readonly Func<VectorIndexSpec, IVectorIndex> create;
    private readonly Dictionary<string, IVectorIndex> indexes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool disposed;

    /// <summary>Makes <paramref name="defaultIndex"/> indexes for collections whose definition names no index kind.</summary>
    public InMemoryIndexBackend(EmbeddedIndexKind defaultIndex = EmbeddedIndexKind.Hnsw, HnswOptions? hnsw = null, ExactIndexOptions? exact = null)
    {
        if (!Enum.IsDefined(defaultIndex))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultIndex), defaultIndex, "Unknown index kind.");
        }

        create = spec => (spec.Index ?? defaultIndex) == EmbeddedIndexKind.Exact
            ? new ExactVectorIndex(spec.Name, spec.Dimensions, spec.Metric, exact)
            : new HnswVectorIndex(spec.Name, spec.Dimensions, spec.Metric, hnsw);
    }

    /// <summary>Makes each collection's index with <paramref name="create"/>, which must honour the spec's dimensions and metric.</summary>
    public InMemoryIndexBackend(Func<VectorIndexSpec, IVectorIndex> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        this.create = create;
    }

    public string SystemName => "agentrec-memory";

    public async IAsyncEnumerable<string> ListNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] names;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            names = indexes.Keys.Order(StringComparer.Ordinal).ToArray();
        }
        finally
        {
            gate.Release();
        }

        foreach (string name in names)
        {
            yield return name;
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
        => await OpenAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<IVectorIndex?> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return indexes.GetValueOrDefault(name);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IVectorIndex> OpenOrCreateAsync(VectorIndexSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (indexes.TryGetValue(spec.Name, out IVectorIndex? existing))
            {
                return existing;
            }

            IVectorIndex created = create(spec) ?? throw new InvalidOperationException(
                $"The index factory returned null for collection '{spec.Name}'.");
            if (!spec.IsMetBy(created))
            {
                await created.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"The index factory made a {created.Dimensions}-dimensional {created.Metric} index for collection '{spec.Name}'; " +
                    $"the collection needs {spec.Dimensions} dimensions and {spec.Metric}.");
            }

            indexes.Add(spec.Name, created);
            return created;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        IVectorIndex? removed;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            indexes.Remove(name, out removed);
        }
        finally
        {
            gate.Release();
        }

        if (removed is not null)
        {
            await removed.DisposeAsync().ConfigureAwait(false);
        }

        return removed is not null;
    }

    /// <summary>Loads an embedded-index snapshot (exact or HNSW, whichever it holds) as collection <paramref name="name"/>.</summary>
    public async Task<IVectorIndex> RestoreAsync(string name, string snapshotPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);

        // Load before taking the gate: a bad snapshot must leave the current collection untouched.
        IVectorIndex restored = IndexFile.LoadSnapshot(snapshotPath, cancellationToken);
        IVectorIndex? replaced;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                await restored.DisposeAsync().ConfigureAwait(false);
                throw new ObjectDisposedException(GetType().FullName);
            }

            indexes.Remove(name, out replaced);
            indexes.Add(name, restored);
        }
        finally
        {
            gate.Release();
        }

        if (replaced is not null)
        {
            await replaced.DisposeAsync().ConfigureAwait(false);
        }

        return restored;
    }

    public async ValueTask DisposeAsync()
    {
        IVectorIndex[] open;
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            open = indexes.Values.ToArray();
            indexes.Clear();
        }
        finally
        {
            gate.Release();
        }

        foreach (var index in open)
        {
            await index.DisposeAsync().ConfigureAwait(false);
        }
    }
}
