namespace AgentRec.Sequential.Training;

/// <summary>A checkpoint belongs to another model, data set or seed than the run that would resume from it.</summary>
public sealed class CheckpointMismatchException(string message) : InvalidOperationException(message);
