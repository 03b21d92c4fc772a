namespace AgentRec.Core.Conversations;

/// <summary>One exchange in a session transcript: the user's turn, then the agent's reply to it (null if the user ended the session).</summary>
public sealed record ConversationTurn(int Index, UserTurn User, AgentTurn? Agent);
