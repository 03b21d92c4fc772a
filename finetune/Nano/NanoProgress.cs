using AgentRec.Finetune.Training;

namespace AgentRec.Finetune.Nano;

/// <summary>
/// Where <see cref="NanoRecipe"/> stands: the stage, a line for humans, and during training the trainer's step
/// report. <see cref="Skipped"/> is true when a finished stage was found in the work folder.
/// </summary>
public sealed record NanoProgress(NanoStage Stage, string Message, FinetuneProgress? Step = null, bool Skipped = false, bool Completed = false);
