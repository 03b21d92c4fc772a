namespace AgentRec.Sequential.Training;

/// <summary>What the trainer is doing when it reports progress.</summary>
public enum TrainingPhase
{
    Training,
    Evaluating,
    Finished,
}
