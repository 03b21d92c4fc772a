namespace AgentRec.Finetune.Data;

/// <summary>
/// A counterfactual fine-tuning example: the factual user turn is <see cref="History"/> followed by a blank line
/// and <see cref="Prompt"/>; the counterfactual one is <see cref="Prompt"/> alone. <see cref="Answer"/> is the
/// assistant turn both must predict. <see cref="System"/> is an optional system turn shared by both.
/// </summary>
public sealed record CftExample(string History, string Prompt, string Answer, string? System = null);
