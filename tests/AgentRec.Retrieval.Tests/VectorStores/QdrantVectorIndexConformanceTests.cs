using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Runs the shared suite against a real Qdrant server when <c>QDRANT_URL</c> (and optionally <c>QDRANT_API_KEY</c>) is set; skipped otherwise.</summary>
public sealed class QdrantVectorIndexConformanceTests : VectorIndexConformanceTests
{
    private readonly List<string> collections = [];

    protected override bool KeepsWholeDoubles => false;

    public override async Task DisposeAsync()
    {
        if (Options() is { } options)
        {
            foreach (string collection in collections)
            {
                try
                {
                    await using var index = await QdrantVectorIndex.OpenAsync(options, collection);
                    await index.DropCollectionAsync();
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        await base.DisposeAsync();
    }

    protected override async Task<IVectorIndex> CreateIndexCoreAsync(int dimensions, VectorMetric metric)
    {
        var options = Options() ?? throw new SkipTestException("QDRANT_URL is not set; no Qdrant server to test against.");
        string collection = NewCollection();
        return await QdrantVectorIndex.CreateAsync(options, collection, dimensions, metric);
    }

    protected override async Task<IVectorIndex> ReopenCoreAsync(IVectorIndex index)
    {
        await index.DisposeAsync();
        return await QdrantVectorIndex.OpenAsync(Options()!, index.Name);
    }

    protected override async Task<IVectorIndex> RestoreCoreAsync(IVectorIndex original, string snapshotPath)
        => await QdrantVectorIndex.RestoreAsync(Options()!, NewCollection(), snapshotPath);

    private static QdrantOptions? Options()
    {
        string? url = Environment.GetEnvironmentVariable("QDRANT_URL");
        return string.IsNullOrWhiteSpace(url)
            ? null
            : new QdrantOptions { Url = new Uri(url), ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") };
    }

    private string NewCollection()
    {
        string collection = $"agentrec_test_{Guid.NewGuid():N}";
        collections.Add(collection);
        return collection;
    }
}
