namespace AgentRec.Finetune.Data;

/// <summary>One prompt followed by the chosen turn, and the same prompt tokens followed by the rejected turn.</summary>
public sealed record DpoPair(TokenizedSequence Chosen, TokenizedSequence Rejected);
