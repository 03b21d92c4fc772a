namespace AgentRec.Llm.Runtime;

/// <summary>
/// Thread-count choice for ggml. ggml workers spin while waiting, so on a small machine extra
/// generation threads for a small model fight the host thread and lose (measured on 2 cores with a
/// 1.7 MB model: 1 thread ~17x faster than 2). Big matrices amortise the synchronisation.
/// </summary>
public static class LlamaThreading
{
    /// <summary>Below this many weight bytes single-token decoding runs on one thread.</summary>
    public const long SingleThreadModelBytes = 64L * 1024 * 1024;

    public static int GenerationThreads(ulong modelBytes, int? requested = null)
    {
        if (requested is > 0)
        {
            return requested.Value;
        }

        var cores = Environment.ProcessorCount;
        if ((long)modelBytes < SingleThreadModelBytes || cores <= 1)
        {
            return 1;
        }

        // Leave a core for the host thread (sampling, streaming) on small machines.
        return cores <= 4 ? cores : cores - 1;
    }

    public static int BatchThreads(int? requested = null) => requested is > 0 ? requested.Value : Environment.ProcessorCount;
}
