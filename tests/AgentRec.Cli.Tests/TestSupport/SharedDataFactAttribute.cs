namespace AgentRec.Cli.Tests.TestSupport;

/// <summary>A fact that needs the real files in ../shared/data (beside the repository root); skipped when they are absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!Directory.Exists(DataRoot))
        {
            Skip = "../shared/data is not present next to the repository root.";
        }
    }

    /// <summary>../shared/data of the folder holding AgentRec.sln above the test binaries.</summary>
    public static string DataRoot { get; } = FindDataRoot();

    private static string FindDataRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentRec.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null ? string.Empty : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data"));
    }
}
