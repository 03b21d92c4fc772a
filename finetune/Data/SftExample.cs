namespace AgentRec.Finetune.Data;

/// <summary>A conversation for supervised fine-tuning; the loss covers every assistant turn and nothing else.</summary>
public sealed record SftExample(IReadOnlyList<ChatTurn> Messages);
