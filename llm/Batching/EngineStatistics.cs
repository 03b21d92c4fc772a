namespace AgentRec.Llm.Batching;

/// <summary>Running totals of an engine, for benchmarks and the dashboard.</summary>
public sealed record EngineStatistics(
    long RequestsCompleted,
    long RequestsCancelled,
    long RequestsFailed,
    long PromptTokens,
    long GeneratedTokens,
    long DecodeCalls,
    int ActiveSequences,
    int QueuedRequests);
