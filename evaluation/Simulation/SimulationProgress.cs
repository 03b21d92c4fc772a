namespace AgentRec.Evaluation.Simulation;

/// <summary>Sessions finished so far (including those resumed from the store) out of the run's total.</summary>
public sealed record SimulationProgress(int Finished, int Total, int Succeeded);
