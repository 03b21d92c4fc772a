using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>On data this small the graph must give the exact top-k: the shared suite compares against brute force.</summary>
public sealed class HnswVectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override Task<IVectorIndex> CreateIndexCoreAsync(int dimensions, VectorMetric metric)
        => Task.FromResult<IVectorIndex>(new HnswVectorIndex("hnsw", dimensions, metric, new HnswOptions { Seed = 7 }));

    protected override async Task<IVectorIndex> ReopenCoreAsync(IVectorIndex index)
    {
        string path = Temp.File($"reopen-{Guid.NewGuid():N}.avx");
        await index.SnapshotAsync(path);
        await index.DisposeAsync();
        return await HnswVectorIndex.RestoreAsync(path);
    }

    protected override async Task<IVectorIndex> RestoreCoreAsync(IVectorIndex original, string snapshotPath)
        => await HnswVectorIndex.RestoreAsync(snapshotPath);
}
