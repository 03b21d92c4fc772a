namespace AgentRec.Simulator.Users;

/// <summary>
/// Counts what happened to LLM-phrased turns. Thread-safe, so one instance can be shared by all users of a
/// run; a high <see cref="LeakFallbacks"/> or <see cref="ParseFallbacks"/> says the phrasing model is unfit.
/// </summary>
public sealed class PhrasingStatistics
{
    private long _requests;
    private long _phrased;
    private long _leaks;
    private long _parseFailures;
    private long _errors;

    /// <summary>Turns for which the LLM was asked.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Turns that used the LLM's phrasing.</summary>
    public long Phrased => Interlocked.Read(ref _phrased);

    /// <summary>Turns where the LLM named the target, so the structured phrasing was used instead.</summary>
    public long LeakFallbacks => Interlocked.Read(ref _leaks);

    /// <summary>Turns where the LLM's output was not the <c>{reason, response}</c> JSON asked for.</summary>
    public long ParseFallbacks => Interlocked.Read(ref _parseFailures);

    /// <summary>Turns where the chat client threw.</summary>
    public long ErrorFallbacks => Interlocked.Read(ref _errors);

    public long Fallbacks => LeakFallbacks + ParseFallbacks + ErrorFallbacks;

    internal void Record(PhrasingFailure failure)
    {
        Interlocked.Increment(ref _requests);
        switch (failure)
        {
            case PhrasingFailure.None:
                Interlocked.Increment(ref _phrased);
                break;
            case PhrasingFailure.Leak:
                Interlocked.Increment(ref _leaks);
                break;
            case PhrasingFailure.Unparsable:
                Interlocked.Increment(ref _parseFailures);
                break;
            default:
                Interlocked.Increment(ref _errors);
                break;
        }
    }

    public override string ToString() =>
        $"{Requests} requests: {Phrased} phrased, {LeakFallbacks} leak / {ParseFallbacks} parse / {ErrorFallbacks} error fallbacks";
}
