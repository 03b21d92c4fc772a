namespace AgentRec.Cli.Evaluation;

/// <summary>
/// Written after a method's generations file: a rerun reuses the generations while the fingerprint (model file,
/// prompts, token limit) is the same, and generates again otherwise (e.g. another --test-users).
/// </summary>
internal sealed record CftGenerationRecord(string Method, string Generations, int Rows, string Fingerprint, double Seconds);
