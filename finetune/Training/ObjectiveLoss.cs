using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>The loss of one micro-batch and the number of (non-padding) tokens the model processed for it.</summary>
public readonly record struct ObjectiveLoss(Tensor Loss, long Tokens);
