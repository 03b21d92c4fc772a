using AgentRec.Llm.Gguf;
using TorchSharp;

namespace AgentRec.Finetune.Tests.TestSupport;

/// <summary>
/// Writer-generated GGUF models shared by the tests of one run, written once into a temporary folder. Init std
/// 0.1 (not the writer's 0.02) makes attention far from uniform, so a RoPE or masking error shows in the logits.
/// The feed-forward length 160 is a multiple of 32, so every matrix can be stored as Q8_0.
/// </summary>
internal static class TestModels
{
    private static readonly Lock Gate = new();

    private static readonly Lazy<string> Folder = new(() =>
    {
        // One thread: other work shares this machine's cores, and the models are tiny.
        torch.set_num_threads(1);
        var folder = Path.Combine(Path.GetTempPath(), "agentrec-finetune-tests-" + Environment.ProcessId);
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

    public static RandomLlamaModelOptions Options(string architecture) => new()
    {
        Architecture = architecture, Layers = 2, EmbeddingLength = 64, HeadCount = 4, HeadCountKv = 2,
        FeedForwardLength = 160, InitStd = 0.1f, Seed = architecture == "llama" ? 7 : 11,
    };

    /// <summary>llama or qwen2, F32 or F16 (writer) or BF16 / Q8_0 (the F32 model's matrices re-encoded).</summary>
    public static string Get(string architecture, GgmlType type)
    {
        lock (Gate)
        {
            var path = Path.Combine(Folder.Value, $"{architecture}-{type}.gguf");
            if (File.Exists(path))
            {
                return path;
            }

            if (type == GgmlType.Q8_0)
            {
                GgufRewriter.ToQ8_0(Get(architecture, GgmlType.F32), path);
            }
            else if (type == GgmlType.BF16)
            {
                GgufRewriter.ToBF16(Get(architecture, GgmlType.F32), path);
            }
            else
            {
                RandomLlamaModelWriter.Write(path, Options(architecture) with { FileType = type });
            }

            return path;
        }
    }

    /// <summary>A fresh path in the shared temporary folder.</summary>
    public static string NewPath(string name) => Path.Combine(Folder.Value, $"{Guid.NewGuid():N}-{name}");
}
