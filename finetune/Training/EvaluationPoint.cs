namespace AgentRec.Finetune.Training;

/// <summary>The held-out loss after optimizer step <see cref="Step"/> (1-based; 0 = before training).</summary>
public sealed record EvaluationPoint(int Step, double Loss);
