using AgentRec.Finetune.Models;

namespace AgentRec.Finetune.Training;

/// <summary>
/// What <see cref="FinetuneTrainer"/> minimises over a data set: SFT, CFT or DPO. An objective owns its tokenised
/// examples; the trainer only picks which ones form a micro-batch.
/// </summary>
public interface IFinetuneObjective
{
    /// <summary>"sft", "cft", "dpo": stored in checkpoints so a run cannot resume under another objective.</summary>
    string Name { get; }

    /// <summary>The number of examples.</summary>
    int Count { get; }

    /// <summary>
    /// Called once when a run starts afresh, before any update, with the model in eval mode; returns state that must
    /// stay fixed for the whole run (DPO's reference log-probabilities) or null. Checkpoints keep it.
    /// </summary>
    float[]? Prepare(LlamaTorchModel model, CancellationToken cancellationToken);

    /// <summary>Puts back the state <see cref="Prepare"/> returned, when a run resumes from a checkpoint.</summary>
    void Restore(float[]? state);

    /// <summary>The mean loss of the examples at <paramref name="indices"/>, with its autograd graph.</summary>
    ObjectiveLoss Loss(LlamaTorchModel model, IReadOnlyList<int> indices);
}
