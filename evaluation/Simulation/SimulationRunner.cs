using System.Text.Json;
using AgentRec.Agents;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;

namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// Runs N simulated users against one agent, many sessions at once (an LLM agent's requests then share the
/// model through continuous batching), storing each finished session so a crashed run resumes where it stopped.
/// The agent only ever sees <see cref="UserTurn"/>s and the user's known history, never the target.
/// </summary>
public sealed class SimulationRunner(SimulationRunStore store, SimulationOptions? options = null)
{
    private readonly SimulationOptions _options = Validated(options ?? new SimulationOptions());

    /// <summary>Raised after the simulated user rates an agent turn (from the session's task; handlers must be thread-safe).</summary>
    public event Action<RatedTurn>? TurnRated;

    public async Task<SimulationReport> RunAsync(
        RunInfo run,
        IRecommenderAgent agent,
        IReadOnlyList<SimulatedUserCase> users,
        ItemCatalog catalog,
        IProgress<SimulationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(catalog);
        if (run.Users != users.Count || run.MaxTurns != _options.MaxTurns || run.RecallK != _options.RecallK)
        {
            throw new ArgumentException($"Run '{run.RunId}' says {run.Users} users × {run.MaxTurns} turns (k={run.RecallK}); got {users.Count} users and options {_options.MaxTurns} turns (k={_options.RecallK}).", nameof(run));
        }

        store.BeginRun(run);
        var done = store.Sessions(run.RunId).Select(s => s.UserIndex).ToHashSet();
        int finished = done.Count;
        int succeeded = store.Sessions(run.RunId).Count(s => s.Succeeded);
        progress?.Report(new SimulationProgress(finished, users.Count, succeeded));

        using var gate = new SemaphoreSlim(_options.Parallelism);
        var pending = Enumerable.Range(0, users.Count).Where(i => !done.Contains(i)).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await RunSessionAsync(run, agent, index, users[index], catalog, cancellationToken).ConfigureAwait(false);
                store.SaveSession(run.RunId, result);
                var now = Interlocked.Increment(ref finished);
                var wins = result.Succeeded ? Interlocked.Increment(ref succeeded) : Volatile.Read(ref succeeded);
                progress?.Report(new SimulationProgress(now, users.Count, wins));
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(pending).ConfigureAwait(false);

        var report = SimulationReport.Create(run, store.Sessions(run.RunId));
        store.FinishRun(run.RunId, report.ToJson());
        return report;
    }

    private async Task<SessionResult> RunSessionAsync(RunInfo run, IRecommenderAgent agent, int index, SimulatedUserCase user, ItemCatalog catalog, CancellationToken cancellationToken)
    {
        var session = new AgentSession($"{run.RunId}/{index}", user.KnownHistory) { SamplingKey = FormattableString.Invariant($"{run.Seed}/{index}") };
        var userTurn = await user.User.OpenAsync(cancellationToken).ConfigureAwait(false);
        int? successTurn = null;
        var recallHit = false;
        var satisfaction = new List<double>();
        var unknown = 0;
        var transcript = new List<object>();
        for (var turn = 1; turn <= _options.MaxTurns; turn++)
        {
            var agentTurn = await agent.RespondAsync(session, userTurn, cancellationToken).ConfigureAwait(false);
            var (score, reasons) = await user.User.RateAsync(session.UserTurns, session.AgentTurns, cancellationToken).ConfigureAwait(false);
            satisfaction.Add(score);
            TurnRated?.Invoke(new RatedTurn(session.Id, turn, score, reasons));
            unknown += agentTurn.ItemIds.Count(id => !catalog.Contains(id));
            if (agentTurn.Action == AgentActionKind.Recommend)
            {
                var position = IndexOf(agentTurn.ItemIds, user.Target.Id);
                if (position >= 0)
                {
                    successTurn ??= turn;
                    recallHit |= position < _options.RecallK;
                }
            }

            transcript.Add(new
            {
                user = new { action = userTurn.Action.ToString(), text = userTurn.Response },
                agent = new { action = agentTurn.Action.ToString(), text = agentTurn.Message, items = agentTurn.ItemIds },
                satisfaction = score,
                reasons,
            });
            if (successTurn is not null || turn == _options.MaxTurns)
            {
                break;
            }

            userTurn = await user.User.RespondAsync(agentTurn, cancellationToken).ConfigureAwait(false);
            if (userTurn.Action == UserActionKind.EndConversation)
            {
                transcript.Add(new { user = new { action = userTurn.Action.ToString(), text = userTurn.Response } });
                break;
            }
        }

        return new SessionResult(index, user.UserId, user.Target.Id, successTurn, recallHit, session.AgentTurns.Count, satisfaction,
            UnknownItemRecommendations: unknown, JsonSerializer.Serialize(transcript));
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static SimulationOptions Validated(SimulationOptions options)
    {
        options.Validate();
        return options;
    }
}
