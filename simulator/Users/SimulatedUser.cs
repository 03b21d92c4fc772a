using AgentRec.Core.Conversations;
using AgentRec.Simulator.Llm;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Simulator.Users;

/// <summary>
/// One AILO simulated user for one session. It opens with a request describing its hidden target
/// (never naming it), then answers each agent turn with respond_to_clarification,
/// provide_feedback_on_recommendation or end_conversation. Being shown the target ends the session with
/// the target accepted; running out of patience ends it without.
/// </summary>
/// <remarks>
/// Decisions always come from the structured policy, deterministic for the persona and
/// <see cref="SimulatorOptions.Seed"/>. Without a chat client the turns use its template phrasing
/// (<see cref="Open"/>, <see cref="Respond"/>). With one, <see cref="OpenAsync"/> and
/// <see cref="RespondAsync"/> let the LLM rephrase each decided turn as <c>{reason, response}</c> JSON;
/// output that names the target or does not parse is replaced by the template phrasing and counted in
/// <see cref="Statistics"/>. Not thread-safe: one session, one caller.
/// </remarks>
public sealed class SimulatedUser
{
    private readonly StructuredPolicy _policy;
    private readonly UserTurnPhraser? _phraser;
    private readonly ILogger _logger;
    private readonly List<ConversationTurn> _transcript = [];

    /// <param name="chatClient">Optional LLM that phrases the turns (then use the async methods).</param>
    /// <param name="statistics">Counters to add to; pass one instance to every user of a run to get run totals.</param>
    public SimulatedUser(
        Persona persona,
        SimulatorOptions? options = null,
        IChatClient? chatClient = null,
        PhrasingStatistics? statistics = null,
        ILogger<SimulatedUser>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(persona);
        options ??= SimulatorOptions.Default;
        options.Validate();
        Persona = persona;
        Statistics = statistics ?? new PhrasingStatistics();
        _logger = logger ?? NullLogger<SimulatedUser>.Instance;
        var guard = new TargetLeakGuard(persona.Target);
        _policy = new StructuredPolicy(persona, options, guard);
        _phraser = chatClient is null ? null : new UserTurnPhraser(chatClient, persona, options, guard, _logger);
    }

    public Persona Persona { get; }

    public PhrasingStatistics Statistics { get; }

    /// <summary>True when a chat client phrases the turns.</summary>
    public bool UsesLanguageModel => _phraser is not null;

    public SessionOutcome Outcome => _policy.Outcome;

    public bool IsFinished => _policy.Outcome != SessionOutcome.InProgress;

    /// <summary>Agent turns this user allows before giving up (fewer if the agent repeats rejected items or sends empty messages).</summary>
    public int TurnLimit => _policy.TurnLimit;

    public int AgentTurnCount => _policy.AgentTurns;

    /// <summary>
    /// The session so far: each user turn with the agent's reply; the last entry's agent turn is null
    /// while the agent has yet to answer, and stays null once the user ended the session.
    /// </summary>
    public IReadOnlyList<ConversationTurn> Transcript => _transcript;

    /// <summary>The opening request, phrased by the templates.</summary>
    /// <exception cref="InvalidOperationException">The session was already opened, or a chat client is configured (use <see cref="OpenAsync"/>).</exception>
    public UserTurn Open()
    {
        RequireStructured(nameof(OpenAsync));
        return Record(BeginOpen().ToTurn(), null);
    }

    /// <summary>The answer to <paramref name="agentTurn"/>, phrased by the templates.</summary>
    /// <exception cref="InvalidOperationException">The session is not open, already finished, or a chat client is configured (use <see cref="RespondAsync"/>).</exception>
    public UserTurn Respond(AgentTurn agentTurn)
    {
        RequireStructured(nameof(RespondAsync));
        return Record(BeginRespond(agentTurn).ToTurn(), agentTurn);
    }

    /// <summary>The opening request, phrased by the chat client when one is configured.</summary>
    public async Task<UserTurn> OpenAsync(CancellationToken cancellationToken = default)
    {
        UserDecision decision = BeginOpen();
        UserTurn turn = await PhraseAsync(decision, null, cancellationToken).ConfigureAwait(false);
        return Record(turn, null);
    }

    /// <summary>
    /// The answer to <paramref name="agentTurn"/>, phrased by the chat client when one is configured.
    /// The decision is taken before the LLM is asked, so a cancelled call leaves the session unusable.
    /// </summary>
    public async Task<UserTurn> RespondAsync(AgentTurn agentTurn, CancellationToken cancellationToken = default)
    {
        UserDecision decision = BeginRespond(agentTurn);
        UserTurn turn = await PhraseAsync(decision, agentTurn, cancellationToken).ConfigureAwait(false);
        return Record(turn, agentTurn);
    }

    private UserDecision BeginOpen()
    {
        if (_transcript.Count > 0)
        {
            throw new InvalidOperationException($"The session of user {Persona.UserId} is already open.");
        }

        return _policy.Open();
    }

    private UserDecision BeginRespond(AgentTurn agentTurn)
    {
        ArgumentNullException.ThrowIfNull(agentTurn);
        if (_transcript.Count == 0)
        {
            throw new InvalidOperationException($"User {Persona.UserId} has not opened the session yet; call Open first.");
        }

        if (IsFinished)
        {
            throw new InvalidOperationException($"User {Persona.UserId} already ended the session ({Outcome}).");
        }

        return _policy.Respond(agentTurn);
    }

    private async Task<UserTurn> PhraseAsync(UserDecision decision, AgentTurn? latest, CancellationToken cancellationToken)
    {
        if (_phraser is null)
        {
            return decision.ToTurn();
        }

        // The transcript's last entry is the user turn the agent is answering now; the phraser gets it with that answer.
        List<ConversationTurn> history = [.. _transcript];
        if (latest is not null && history.Count > 0)
        {
            history[^1] = history[^1] with { Agent = latest };
        }

        (PhrasingFailure failure, string reason, string response) =
            await _phraser.PhraseAsync(decision, history, null, _transcript.Count, cancellationToken).ConfigureAwait(false);
        Statistics.Record(failure);
        if (failure != PhrasingFailure.None)
        {
            Log.PhrasingFallback(_logger, Persona.UserId, failure);
            return decision.ToTurn();
        }

        return decision.ToTurn(reason, response);
    }

    private UserTurn Record(UserTurn turn, AgentTurn? answered)
    {
        if (answered is not null)
        {
            _transcript[^1] = _transcript[^1] with { Agent = answered };
        }

        _transcript.Add(new ConversationTurn(_transcript.Count, turn, null));
        Log.Turn(_logger, Persona.UserId, _transcript.Count - 1, turn.Action, turn.Reason);
        return turn;
    }

    private void RequireStructured(string asyncName)
    {
        if (_phraser is not null)
        {
            throw new InvalidOperationException($"User {Persona.UserId} phrases its turns with a chat client; call {asyncName}.");
        }
    }
}
