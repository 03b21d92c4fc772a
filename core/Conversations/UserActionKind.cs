namespace AgentRec.Core.Conversations;

/// <summary>What a (simulated) user does in a turn, following the AILO simulator's action set.</summary>
public enum UserActionKind
{
    /// <summary>The opening request of a session.</summary>
    Open,

    /// <summary>Answers the agent's question or adds preferences.</summary>
    RespondToClarification,

    /// <summary>Reacts to recommended items (accepts, rejects, refines).</summary>
    ProvideFeedbackOnRecommendation,

    /// <summary>Ends the session (satisfied or giving up).</summary>
    EndConversation,
}
