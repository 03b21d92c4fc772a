namespace AgentRec.Finetune.Data;

/// <summary>
/// The factual sequence (history + prompt → answer) and the counterfactual one (prompt → answer, history removed).
/// Both end with the same answer tokens; batches left-pad them to one width so those tokens sit at the same positions.
/// </summary>
public sealed record CftPair(TokenizedSequence Factual, TokenizedSequence Counterfactual);
