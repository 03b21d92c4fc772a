namespace AgentRec.Simulator.Scoring;

internal enum JudgeOutcome
{
    Judged,
    Unparsable,
    OutOfRange,
    Error,
}
