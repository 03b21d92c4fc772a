namespace AgentRec.Core.Dialogues;

/// <summary>Who speaks a turn in a recommendation dialogue.</summary>
public enum DialogueRole
{
    /// <summary>The person seeking recommendations (ReDial "seeker").</summary>
    User,

    /// <summary>The agent or human recommender.</summary>
    Recommender,
}
