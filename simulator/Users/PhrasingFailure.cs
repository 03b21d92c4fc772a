namespace AgentRec.Simulator.Users;

/// <summary>Why an LLM phrasing was rejected (or <see cref="None"/> when it was used).</summary>
internal enum PhrasingFailure
{
    None,
    Unparsable,
    Leak,
    Error,
}
