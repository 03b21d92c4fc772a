namespace AgentRec.Simulator.Scoring;

/// <summary>Counts LLM-judge verdicts and rule fallbacks; thread-safe so a run can share one instance.</summary>
public sealed class JudgeStatistics
{
    private long _requests;
    private long _judged;
    private long _parseFallbacks;
    private long _rangeFallbacks;
    private long _errorFallbacks;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Turns scored by the judge.</summary>
    public long Judged => Interlocked.Read(ref _judged);

    /// <summary>Judge output that was not the JSON asked for.</summary>
    public long ParseFallbacks => Interlocked.Read(ref _parseFallbacks);

    /// <summary>Judge output with a deduction outside its scale.</summary>
    public long RangeFallbacks => Interlocked.Read(ref _rangeFallbacks);

    /// <summary>Calls where the chat client threw.</summary>
    public long ErrorFallbacks => Interlocked.Read(ref _errorFallbacks);

    public long Fallbacks => ParseFallbacks + RangeFallbacks + ErrorFallbacks;

    internal void Record(JudgeOutcome outcome)
    {
        Interlocked.Increment(ref _requests);
        switch (outcome)
        {
            case JudgeOutcome.Judged:
                Interlocked.Increment(ref _judged);
                break;
            case JudgeOutcome.Unparsable:
                Interlocked.Increment(ref _parseFallbacks);
                break;
            case JudgeOutcome.OutOfRange:
                Interlocked.Increment(ref _rangeFallbacks);
                break;
            default:
                Interlocked.Increment(ref _errorFallbacks);
                break;
        }
    }

    public override string ToString() =>
        $"{Requests} requests: {Judged} judged, {ParseFallbacks} parse / {RangeFallbacks} range / {ErrorFallbacks} error fallbacks";
}
