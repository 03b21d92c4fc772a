namespace AgentRec.Llm.Tests.Gguf;

/// <summary>Locates ../shared/models next to the repository root (the folder holding AgentRec.sln).</summary>
internal static class SharedModels
{
    private static readonly Lazy<string?> Folder = new(Find);

    public static string? ModelsFolder => Folder.Value;

    public static string TinyLlamaPath =>
        Path.Combine(ModelsFolder ?? throw new InvalidOperationException("../shared/models is absent."), "llama-2-tiny-random.gguf");

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentRec.sln")))
            {
                var models = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
                return File.Exists(Path.Combine(models, "llama-2-tiny-random.gguf")) ? models : null;
            }
        }
        return null;
    }
}
