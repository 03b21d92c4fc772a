using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Scoring;
using AgentRec.Simulator.Users;

namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// The AILO simulator as an evaluation user: <see cref="SimulatedUser"/> decides and phrases the turns, and
/// <see cref="ExpectationConfirmationScorer"/> rates each agent turn. Only dialogue turns cross to the agent.
/// </summary>
public sealed class AiloUser(SimulatedUser user, ExpectationConfirmationScorer scorer) : ISimulatedUser
{
    public Persona Persona => user.Persona;

    public Task<UserTurn> OpenAsync(CancellationToken cancellationToken) => user.OpenAsync(cancellationToken);

    public Task<UserTurn> RespondAsync(AgentTurn agentTurn, CancellationToken cancellationToken) => user.RespondAsync(agentTurn, cancellationToken);

    public async Task<(double Satisfaction, IReadOnlyList<string> Reasons)> RateAsync(IReadOnlyList<UserTurn> userTurns, IReadOnlyList<AgentTurn> agentTurns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userTurns);
        ArgumentNullException.ThrowIfNull(agentTurns);
        var transcript = agentTurns.Select((agent, i) => new ConversationTurn(i, userTurns[i], agent)).ToList();
        var score = await scorer.ScoreAsync(user.Persona, transcript, transcript.Count - 1, cancellationToken).ConfigureAwait(false);
        return (score.Satisfaction, score.Reasons);
    }

    /// <summary>An evaluation case for <paramref name="persona"/>: the agent may know the persona's history, never its target.</summary>
    public static SimulatedUserCase Case(Persona persona, SimulatorOptions? options = null, ExpectationConfirmationScorer? scorer = null, Microsoft.Extensions.AI.IChatClient? phrasing = null)
    {
        ArgumentNullException.ThrowIfNull(persona);
        var user = new SimulatedUser(persona, options, phrasing);
        return new SimulatedUserCase(persona.UserId, persona.Target, [.. persona.History.Select(i => i.Id)], new AiloUser(user, scorer ?? new ExpectationConfirmationScorer()));
    }
}
