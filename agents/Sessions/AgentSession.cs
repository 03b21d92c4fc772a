using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Sessions;

/// <summary>
/// What an agent remembers about one conversation: the turns so far, every item it has shown, and the
/// user's known interaction history (catalog ids, oldest first) when the application has one.
/// </summary>
public sealed class AgentSession
{
    private readonly List<UserTurn> _userTurns = [];
    private readonly List<AgentTurn> _agentTurns = [];
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
    private readonly string? _samplingKey;

    public AgentSession(string id, IReadOnlyList<string>? knownHistory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        KnownHistory = knownHistory ?? [];
    }

    public string Id { get; }

    /// <summary>
    /// What agents derive this session's sampling seeds from (default: <see cref="Id"/>). A simulation sets it from
    /// its seed and the user's index, so the same users meet the same agent behaviour whatever the run is called.
    /// </summary>
    public string SamplingKey
    {
        get => _samplingKey ?? Id;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _samplingKey = value;
        }
    }

    public IReadOnlyList<string> KnownHistory { get; }

    public IReadOnlyList<UserTurn> UserTurns => _userTurns;

    public IReadOnlyList<AgentTurn> AgentTurns => _agentTurns;

    /// <summary>Items already recommended or shown as search results: not recommended again.</summary>
    public IReadOnlySet<string> ShownItems => _shown;

    /// <summary>The user's and agent's turns interleaved, oldest first.</summary>
    public IEnumerable<(UserTurn User, AgentTurn? Agent)> Exchanges =>
        _userTurns.Select((user, i) => (user, i < _agentTurns.Count ? _agentTurns[i] : null));

    internal void AddUserTurn(UserTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (_userTurns.Count != _agentTurns.Count)
        {
            throw new InvalidOperationException($"Session '{Id}': the agent has not answered the previous user turn yet.");
        }

        _userTurns.Add(turn);
    }

    internal void AddAgentTurn(AgentTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        _agentTurns.Add(turn);
        foreach (var item in turn.Items)
        {
            _shown.Add(item.Id);
        }
    }

    /// <summary>Everything the user has said, newest last, joined for retrieval queries.</summary>
    public string UserText(int lastTurns = int.MaxValue) =>
        string.Join(" ", _userTurns.Skip(Math.Max(0, _userTurns.Count - lastTurns)).Select(t => t.Response));
}
