namespace AgentRec.Finetune.Tests.TestSupport;

/// <summary>Locates the repository root and the shared folder beside it (tests only).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The shared tiny llama (real llama.cpp conversion of a random HF model), or null when ../shared is absent.</summary>
    public static string? TinyLlamaModel
    {
        get
        {
            var path = Path.Combine(SharedDirectory, "models", "llama-2-tiny-random.gguf");
            return File.Exists(path) ? path : null;
        }
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentRec.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AgentRec.sln not found above " + AppContext.BaseDirectory);
    }
}
