namespace AgentRec.Llm.Batching;

/// <summary>Running totals of an engine, for benchmarks and the dashboard. <see cref="PromptTokens"/> counts decoded prompt tokens; <see cref="ReusedPromptTokens"/> those served from a cached prefix instead.</summary>
public sealed record EngineStatistics(
    long RequestsCompleted,
    long RequestsCancelled,
    long RequestsFailed,
    long PromptTokens,
    long GeneratedTokens,
    long DecodeCalls,
    int ActiveSequences,
    int QueuedRequests,
    long ReusedPromptTokens = 0);
