using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentRec.Bench.Llm;

/// <summary>Throughput in tokens per second; the peer's figures when it ran.</summary>
public sealed record LlmBenchmarkResult
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("threads")]
    public required int Threads { get; init; }

    [JsonPropertyName("pp_tok_s")]
    public required double PromptTokensPerSecond { get; init; }

    [JsonPropertyName("tg_tok_s")]
    public required double GenerationTokensPerSecond { get; init; }

    /// <summary>1 / median time between generated tokens (steady-state speed, insensitive to scheduler stalls).</summary>
    [JsonPropertyName("tg_token_median_tok_s")]
    public required double GenerationTokenMedianTokensPerSecond { get; init; }

    /// <summary>Aggregate generated tokens/s through the batching engine, by number of parallel sequences.</summary>
    [JsonPropertyName("parallel_tg_tok_s")]
    public required IReadOnlyDictionary<string, double> ParallelGenerationTokensPerSecond { get; init; }

    [JsonPropertyName("peer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PeerResult? Peer { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>node-llama-cpp's figures for the same run, and AgentRec's ratios to them.</summary>
public sealed record PeerResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("pp_tok_s")] double PromptTokensPerSecond,
    [property: JsonPropertyName("tg_tok_s")] double GenerationTokensPerSecond,
    [property: JsonPropertyName("tg_token_median_tok_s")] double GenerationTokenMedianTokensPerSecond,
    [property: JsonPropertyName("pp_ratio")] double PromptRatio,
    [property: JsonPropertyName("tg_ratio")] double GenerationRatio,
    [property: JsonPropertyName("tg_token_median_ratio")] double GenerationTokenMedianRatio);
