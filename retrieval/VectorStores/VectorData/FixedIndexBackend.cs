using System.Runtime.CompilerServices;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// The backend of a collection built directly over one caller-owned <see cref="IVectorIndex"/>: the collection always
/// exists, cannot be deleted or restored through VectorData (the owner does that), and the index is not disposed here.
/// </summary>
internal sealed class FixedIndexBackend(IVectorIndex index) : IVectorIndexBackend
{
    public string SystemName => index switch
    {
        QdrantVectorIndex => "qdrant",
        EmbeddedVectorStore => "agentrec-sqlite",
        _ => "agentrec-memory",
    };

    public async IAsyncEnumerable<string> ListNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return index.Name;
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(name == index.Name);

    public Task<IVectorIndex?> OpenAsync(string name, CancellationToken cancellationToken = default)
        => Task.FromResult(name == index.Name ? index : null);

    public Task<IVectorIndex> OpenOrCreateAsync(VectorIndexSpec spec, CancellationToken cancellationToken = default)
        => spec.Name == index.Name
            ? Task.FromResult(index)
            : throw new InvalidOperationException($"This collection wraps index '{index.Name}' and cannot create '{spec.Name}'.");

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(
            $"The collection wraps index '{index.Name}', which its owner created; delete it through the owner, not through VectorData.");

    public Task<IVectorIndex> RestoreAsync(string name, string snapshotPath, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(
            $"The collection wraps index '{index.Name}', which its owner created; restore it with that index type's RestoreAsync.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
