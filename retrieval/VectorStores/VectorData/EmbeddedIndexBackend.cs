using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Collections as durable <see cref="EmbeddedVectorStore"/> files in one folder: collection <c>items</c> is
/// <c>items.vectors.db</c>. A collection name must therefore be a plain file name (letters, digits, '-', '_' and '.',
/// starting with a letter or digit). Store files are opened on first use and held (exclusively) until the collection is
/// deleted or the backend is disposed.
/// </summary>
public sealed class EmbeddedIndexBackend : IVectorIndexBackend
{
    /// <summary>Suffix of every store file in <see cref="Directory"/>.</summary>
    public const string FileSuffix = ".vectors.db";

    private const int MaxNameLength = 200;

    private readonly EmbeddedIndexBackendOptions options;
    private readonly ILogger<EmbeddedVectorStore>? logger;
    private readonly Dictionary<string, EmbeddedVectorStore> open = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool disposed;

    /// <param name="directory">Folder of the store files; created when missing.</param>
    /// <param name="logger">Handed to every <see cref="EmbeddedVectorStore"/> the backend opens.</param>
    public EmbeddedIndexBackend(string directory, EmbeddedIndexBackendOptions? options = null, ILogger<EmbeddedVectorStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        this.options = options ?? new EmbeddedIndexBackendOptions();
        if (!Enum.IsDefined(this.options.DefaultIndex))
        {
            throw new ArgumentOutOfRangeException(nameof(options), this.options.DefaultIndex, "Unknown default index kind.");
        }

        this.logger = logger;
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Full path of the folder holding the store files.</summary>
    public string Directory { get; }

    public string SystemName => "agentrec-sqlite";

    /// <summary>The store file of collection <paramref name="name"/> (whether or not it exists).</summary>
    public string PathOf(string name) => Path.Combine(Directory, CheckName(name) + FileSuffix);

    public async IAsyncEnumerable<string> ListNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] names;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            names = System.IO.Directory.EnumerateFiles(Directory, "*" + FileSuffix)
                .Select(file => Path.GetFileName(file)[..^FileSuffix.Length])
                .Where(IsValidName)
                .Order(StringComparer.Ordinal)
                .ToArray();
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
    {
        string path = PathOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return open.ContainsKey(name) || File.Exists(path);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IVectorIndex?> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        string path = PathOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.TryGetValue(name, out EmbeddedVectorStore? store))
            {
                return store;
            }

            if (!File.Exists(path))
            {
                return null;
            }

            store = await EmbeddedVectorStore.OpenAsync(path, logger, cancellationToken).ConfigureAwait(false);
            open.Add(name, store);
            return store;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IVectorIndex> OpenOrCreateAsync(VectorIndexSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string path = PathOf(spec.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.TryGetValue(spec.Name, out EmbeddedVectorStore? store))
            {
                return store;
            }

            store = File.Exists(path)
                ? await EmbeddedVectorStore.OpenAsync(path, logger, cancellationToken).ConfigureAwait(false)
                : await EmbeddedVectorStore.CreateAsync(path, StoreOptions(spec), logger, cancellationToken).ConfigureAwait(false);
            open.Add(spec.Name, store);
            return store;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        string path = PathOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.Remove(name, out EmbeddedVectorStore? store))
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            bool existed = File.Exists(path);
            File.Delete(path);

            // A journal left by a crash would otherwise be replayed into a later store of the same name.
            File.Delete(path + "-journal");
            return existed;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IVectorIndex> RestoreAsync(string name, string snapshotPath, CancellationToken cancellationToken = default)
    {
        string path = PathOf(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);

            // The open store holds the file exclusively; it is closed first and reopened if the restore fails.
            bool wasOpen = open.Remove(name, out EmbeddedVectorStore? current);
            if (current is not null)
            {
                await current.DisposeAsync().ConfigureAwait(false);
            }

            EmbeddedVectorStore restored;
            try
            {
                restored = await EmbeddedVectorStore.RestoreAsync(snapshotPath, path, overwrite: true, logger, cancellationToken).ConfigureAwait(false);
            }
            catch when (wasOpen && File.Exists(path))
            {
                open.Add(name, await EmbeddedVectorStore.OpenAsync(path, logger, CancellationToken.None).ConfigureAwait(false));
                throw;
            }

            open.Add(name, restored);
            return restored;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var store in open.Values)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            open.Clear();
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsValidName(string name)
        => name.Length is > 0 and <= MaxNameLength
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return IsValidName(name)
            ? name
            : throw new ArgumentException(
                $"Collection name '{name}' cannot be a store file name: use up to {MaxNameLength} letters, digits, '-', '_' or '.', starting with a letter or digit.",
                nameof(name));
    }

    private EmbeddedVectorStoreOptions StoreOptions(VectorIndexSpec spec) => new()
    {
        Name = spec.Name,
        Dimensions = spec.Dimensions,
        Metric = spec.Metric,
        Index = spec.Index ?? options.DefaultIndex,
        Hnsw = options.Hnsw,
        Exact = options.Exact,
    };
}
