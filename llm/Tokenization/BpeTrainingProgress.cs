namespace AgentRec.Llm.Tokenization;

/// <summary>Where a <see cref="SentencePieceBpeTrainer"/> run stands.</summary>
/// <param name="Stage">What the trainer is doing.</param>
/// <param name="Done">Texts read (counting) or pieces learned (merging).</param>
/// <param name="Total">Pieces wanted while merging; null while counting (the corpus length is unknown).</param>
public readonly record struct BpeTrainingProgress(BpeTrainingStage Stage, long Done, long? Total);
