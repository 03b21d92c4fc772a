using AgentRec.Core.Catalog;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;

namespace AgentRec.Simulator.Users;

/// <summary>
/// The target's facts in the order a user tells them, and which were told already: broad kinds first
/// (genre before cast), within a kind the values the user's history favours first. Long cast and crew
/// lists are cut, and a fact that would name the target (an actor called like the film) is never told.
/// </summary>
internal sealed class TargetCues
{
    private static readonly Dictionary<string, int> MaxPerKind = new(StringComparer.Ordinal)
    {
        [ItemAttribute.Director] = 2,
        [ItemAttribute.Actor] = 3,
        [ItemAttribute.Writer] = 1,
        [ItemAttribute.Opaque] = 5,
    };

    private const int DefaultMaxPerKind = 4;

    private readonly List<ItemFact> _cues;
    private readonly bool[] _told;

    public TargetCues(Persona persona, TargetLeakGuard guard)
    {
        TargetFacts = ItemFacts.Of(persona.Target);
        var perKind = new Dictionary<string, int>(StringComparer.Ordinal);
        _cues = [];
        foreach (ItemFact fact in TargetFacts
            .Select((fact, index) => (Fact: fact, Index: index, Weight: persona.PreferenceFor(fact.Attribute)))
            .Where(c => !guard.Leaks(c.Fact.Value))
            .OrderBy(c => ItemFacts.KindRank(c.Fact.Kind))
            .ThenByDescending(c => c.Weight)
            .ThenBy(c => c.Index)
            .Select(c => c.Fact))
        {
            int count = perKind.GetValueOrDefault(fact.Kind);
            perKind[fact.Kind] = count + 1;
            if (count < MaxPerKind.GetValueOrDefault(fact.Kind, DefaultMaxPerKind))
            {
                _cues.Add(fact);
            }
        }

        _told = new bool[_cues.Count];
    }

    /// <summary>Every fact of the target, told or not (for judging what shown items get right).</summary>
    public List<ItemFact> TargetFacts { get; }

    public int Count => _cues.Count;

    public int ToldCount => _told.Count(t => t);

    /// <summary>Marks and returns up to <paramref name="count"/> untold cues, only of <paramref name="kinds"/> when given.</summary>
    public List<ItemFact> TellNext(int count, IReadOnlyCollection<string>? kinds = null)
    {
        var facts = new List<ItemFact>();
        for (int i = 0; i < _cues.Count && facts.Count < count; i++)
        {
            if (!_told[i] && (kinds is null || kinds.Contains(_cues[i].Kind)))
            {
                _told[i] = true;
                facts.Add(_cues[i]);
            }
        }

        return facts;
    }

    /// <summary>The cues of <paramref name="kinds"/> told so far.</summary>
    public List<ItemFact> Told(IReadOnlyCollection<string> kinds) => [.. _cues.Where((cue, i) => _told[i] && kinds.Contains(cue.Kind))];
}
