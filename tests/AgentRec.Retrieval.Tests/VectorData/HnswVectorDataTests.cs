using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>The VectorData suite over in-memory HNSW indexes (on data this small the graph gives the exact answer).</summary>
public sealed class HnswVectorDataTests : VectorDataConformanceTests
{
    protected override IVectorIndexBackend CreateBackend()
        => new InMemoryIndexBackend(EmbeddedIndexKind.Hnsw, new HnswOptions { Seed = 3 });
}
