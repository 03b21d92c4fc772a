using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>The durable store with the hnsw index: reopening reads the SQLite file back.</summary>
public sealed class EmbeddedHnswStoreConformanceTests : VectorIndexConformanceTests
{
    protected override async Task<IVectorIndex> CreateIndexCoreAsync(int dimensions, VectorMetric metric)
        => await EmbeddedVectorStore.CreateAsync(
            Temp.File($"store-{Guid.NewGuid():N}.db"),
            new EmbeddedVectorStoreOptions { Name = "items", Dimensions = dimensions, Metric = metric, Index = EmbeddedIndexKind.Hnsw });

    protected override async Task<IVectorIndex> ReopenCoreAsync(IVectorIndex index)
    {
        string path = ((EmbeddedVectorStore)index).Path;
        await index.DisposeAsync();
        return await EmbeddedVectorStore.OpenAsync(path);
    }

    protected override async Task<IVectorIndex> RestoreCoreAsync(IVectorIndex original, string snapshotPath)
        => await EmbeddedVectorStore.RestoreAsync(snapshotPath, Temp.File($"restored-{Guid.NewGuid():N}.db"));
}
