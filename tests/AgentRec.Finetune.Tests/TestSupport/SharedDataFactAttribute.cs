namespace AgentRec.Finetune.Tests.TestSupport;

/// <summary>A fact that needs the real files in ../shared/data; reported as skipped when they are absent.</summary>
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

    public static string DataRoot => Path.Combine(TestPaths.SharedDirectory, "data");
}
