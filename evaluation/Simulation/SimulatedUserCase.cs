using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;

namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// One simulated user as the evaluation sees it: who they are, the hidden target (never given to the agent),
/// the history the agent may know, and the conversation policy. Built from a simulator persona.
/// </summary>
public sealed record SimulatedUserCase(string UserId, CatalogItem Target, IReadOnlyList<string> KnownHistory, ISimulatedUser User);

/// <summary>The user side of one session (the AILO simulator, or a scripted user in tests).</summary>
public interface ISimulatedUser
{
    /// <summary>The opening request.</summary>
    Task<UserTurn> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The user's reaction to the agent's turn.</summary>
    Task<UserTurn> RespondAsync(AgentTurn agentTurn, CancellationToken cancellationToken);

    /// <summary>Expectation-confirmation satisfaction (0–5) of the agent's latest turn, with the deductions' reasons.</summary>
    Task<(double Satisfaction, IReadOnlyList<string> Reasons)> RateAsync(IReadOnlyList<UserTurn> userTurns, IReadOnlyList<AgentTurn> agentTurns, CancellationToken cancellationToken);
}
