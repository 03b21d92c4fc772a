using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>The VectorData suite over in-memory exact indexes.</summary>
public sealed class ExactVectorDataTests : VectorDataConformanceTests
{
    protected override IVectorIndexBackend CreateBackend() => new InMemoryIndexBackend(EmbeddedIndexKind.Exact);
}
