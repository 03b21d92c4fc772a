namespace AgentRec.Finetune.Data;

/// <summary>A turn-level preference pair: the conversation so far, and two candidate next assistant turns.</summary>
public sealed record DpoExample(IReadOnlyList<ChatTurn> Prompt, string Chosen, string Rejected);
