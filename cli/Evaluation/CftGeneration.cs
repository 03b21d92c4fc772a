namespace AgentRec.Cli.Evaluation;

/// <summary>One line of a generations file: the test row's user and target, and the title the model generated.</summary>
internal sealed record CftGeneration(string User, string TargetId, string Target, string Generated);
