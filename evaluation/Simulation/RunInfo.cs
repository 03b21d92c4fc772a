namespace AgentRec.Evaluation.Simulation;

/// <summary>What identifies a simulated evaluation run; resuming requires the same values.</summary>
public sealed record RunInfo(string RunId, string Agent, string Dataset, int Seed, int Users, int MaxTurns, int RecallK);
