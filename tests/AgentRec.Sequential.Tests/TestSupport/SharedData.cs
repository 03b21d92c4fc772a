namespace AgentRec.Sequential.Tests.TestSupport;

/// <summary>Finds <c>../shared/data</c> next to the repository root (the folder holding AgentRec.sln).</summary>
internal static class SharedData
{
    private static readonly Lazy<string?> LazyRoot = new(Locate);

    /// <summary>The shared data folder, or null when this checkout has none.</summary>
    public static string? Root => LazyRoot.Value;

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("../shared/data is absent; the test should have been skipped."), .. parts]);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AgentRec.sln")))
            {
                string data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
