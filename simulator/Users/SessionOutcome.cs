namespace AgentRec.Simulator.Users;

/// <summary>Where a simulated session stands.</summary>
public enum SessionOutcome
{
    /// <summary>The user is still talking.</summary>
    InProgress,

    /// <summary>The agent showed the target and the user accepted it (success).</summary>
    Accepted,

    /// <summary>The user's patience ran out before the target was shown.</summary>
    GaveUp,
}
