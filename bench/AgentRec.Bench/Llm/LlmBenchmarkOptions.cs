namespace AgentRec.Bench.Llm;

/// <summary>Settings of <see cref="LlmThroughputBenchmark"/> (mirrors llama-bench's pp/tg tests).</summary>
public sealed record LlmBenchmarkOptions
{
    public required string ModelPath { get; init; }

    /// <summary>Generation threads; null = AgentRec's default choice.</summary>
    public int? Threads { get; init; }

    public int PromptTokens { get; init; } = 512;

    public int GenerationTokens { get; init; } = 128;

    /// <summary>Parallel sequence counts for the aggregate-throughput test.</summary>
    public IReadOnlyList<int> Parallel { get; init; } = [1, 4, 16];

    /// <summary>Timed repetitions after one warm-up; the median is reported.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Also run the node-llama-cpp peer with the same model, threads and token counts.</summary>
    public bool RunPeer { get; init; }
}
