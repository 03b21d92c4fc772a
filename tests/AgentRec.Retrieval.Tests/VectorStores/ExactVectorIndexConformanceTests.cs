using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

public sealed class ExactVectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override Task<IVectorIndex> CreateIndexCoreAsync(int dimensions, VectorMetric metric)
        => Task.FromResult<IVectorIndex>(new ExactVectorIndex("exact", dimensions, metric, new ExactIndexOptions { SearchParallelism = 2 }));

    protected override async Task<IVectorIndex> ReopenCoreAsync(IVectorIndex index)
    {
        string path = Temp.File($"reopen-{Guid.NewGuid():N}.avx");
        await index.SnapshotAsync(path);
        await index.DisposeAsync();
        return await ExactVectorIndex.RestoreAsync(path);
    }

    protected override async Task<IVectorIndex> RestoreCoreAsync(IVectorIndex original, string snapshotPath)
        => await ExactVectorIndex.RestoreAsync(snapshotPath);
}
