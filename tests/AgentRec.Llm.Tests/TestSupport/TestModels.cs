using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.TestSupport;

/// <summary>Writer-generated GGUF models shared by the tests of one run (written once into a temp folder).</summary>
internal static class TestModels
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "agentrec-test-models-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return folder;
    });

    private static readonly Lock Gate = new();

    /// <summary>A small F32 llama model with peaked output distributions (large init std) so greedy choices are decisive.</summary>
    public static string LlamaF32 => Get("llama-f32", new RandomLlamaModelOptions
    {
        Layers = 2, EmbeddingLength = 64, HeadCount = 4, HeadCountKv = 2, FeedForwardLength = 160,
        VocabularySize = 2048, ContextLength = 4096, InitStd = 0.5f, Seed = 7,
    });

    public static string Qwen2F16 => Get("qwen2-f16", new RandomLlamaModelOptions
    {
        Architecture = "qwen2", Layers = 2, EmbeddingLength = 64, HeadCount = 4, HeadCountKv = 2, FeedForwardLength = 160,
        VocabularySize = 2048, ContextLength = 2048, FileType = GgmlType.F16, Seed = 11,
    });

    private static string Get(string name, RandomLlamaModelOptions options)
    {
        lock (Gate)
        {
            var path = Path.Combine(Folder.Value, name + ".gguf");
            if (!File.Exists(path))
            {
                RandomLlamaModelWriter.Write(path, options);
            }

            return path;
        }
    }
}
