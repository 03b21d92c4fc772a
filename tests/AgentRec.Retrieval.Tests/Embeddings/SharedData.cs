namespace AgentRec.Retrieval.Tests.Embeddings;

/// <summary>Finds <c>../shared/data</c> next to the repository root (the folder holding AgentRec.sln).</summary>
internal static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(Locate);

    /// <summary>The shared data folder, or null when this checkout has none.</summary>
    public static string? Root => LazyRoot.Value;

    public static string RequireRoot() =>
        Root ?? throw new InvalidOperationException("../shared/data is absent; the test should have been skipped.");

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentRec.sln")))
            {
                string data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
