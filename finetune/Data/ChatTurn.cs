namespace AgentRec.Finetune.Data;

/// <summary>One message of a conversation: role ("system", "user", "assistant") and text.</summary>
public sealed record ChatTurn(string Role, string Content);
