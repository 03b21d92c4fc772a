namespace AgentRec.Llm.Runtime;

/// <summary>
/// Checks a GGUF file in managed code before llama.cpp sees it: llama.cpp aborts the whole process
/// (GGML_ASSERT) on some malformed inputs instead of returning an error.
/// </summary>
internal static class ModelFileValidator
{
    public static void Validate(string path)
    {
        // Reads and bounds-checks the header, metadata and tensor table; throws GgufFormatException.
        _ = Gguf.GgufFile.Read(path);
    }
}
