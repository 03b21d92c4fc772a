using System.Globalization;

namespace AgentRec.Finetune.Training;

/// <summary>A report after every optimizer step (and after each evaluation): 1-based step and epoch, the step's loss.</summary>
public sealed record FinetuneProgress(int Step, int TotalSteps, int Epoch, double Loss, double LearningRate, double TokensPerSecond, double? EvaluationLoss)
{
    /// <summary>One line for a progress bar, e.g. "step 12/40 epoch 1 loss 2.3012 lr 9.5e-05 812 tok/s eval 2.4120".</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"step {Step}/{TotalSteps} epoch {Epoch} loss {Loss:F4} lr {LearningRate:0.0e+00} {TokensPerSecond:F0} tok/s");
        return EvaluationLoss is { } eval ? text + string.Create(CultureInfo.InvariantCulture, $" eval {eval:F4}") : text;
    }
}
