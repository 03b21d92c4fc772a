using System.Globalization;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;

namespace AgentRec.Simulator.Users;

/// <summary>
/// The simulated user's decisions and template phrasing. It holds the session state: which facts of
/// the target were told, which items were shown and rejected, and how much patience is left. It reveals
/// the target's facts a few at a time, broad ones first and those the user's history favours first.
/// </summary>
internal sealed class StructuredPolicy
{
    private readonly Persona _persona;
    private readonly SimulatorOptions _options;
    private readonly Random _random;
    private readonly TargetLeakGuard _guard;
    private readonly TargetCues _cues;
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _protectedWords;
    private readonly CatalogItem? _favourite;
    private int _turnsLeft;

    public StructuredPolicy(Persona persona, SimulatorOptions options, TargetLeakGuard guard)
    {
        _persona = persona;
        _options = options;
        _guard = guard;
        _random = new Random(StableSeed.Combine(options.Seed, persona.Seed));
        _cues = new TargetCues(persona, guard);
        _favourite = Favourite(persona, _cues.TargetFacts, guard);
        // Typos never touch titles or attribute values: a misspelt actor would change what the user asks for.
        _protectedWords = new HashSet<string>(
            _cues.TargetFacts.Concat(persona.History.SelectMany(ItemFacts.Of)).SelectMany(f => TextTokens.Words(f.Value))
                .Concat(persona.History.Where(i => i.Title is not null).SelectMany(i => TextTokens.Words(i.Title!)))
                .Concat(TextTokens.Words(persona.Target.Title ?? string.Empty)),
            StringComparer.Ordinal);

        Orientations orientations = persona.Orientations;
        int limit = (int)Math.Round(options.MaxTurns * (1 - 0.5 * orientations.Efficiency), MidpointRounding.AwayFromZero);
        if (orientations.Exploration >= 0.7)
        {
            limit++;
        }

        TurnLimit = Math.Clamp(limit, options.MinTurns, options.MaxTurns);
        _turnsLeft = TurnLimit;
    }

    /// <summary>Agent turns this user sits through before giving up (fewer when the agent frustrates them).</summary>
    public int TurnLimit { get; }

    public int AgentTurns { get; private set; }

    public SessionOutcome Outcome { get; private set; } = SessionOutcome.InProgress;

    private bool Formal => _persona.Linguistic.IsFormal;

    private int CuesPerTurn => _persona.Orientations.Detail >= 0.6 ? 2 : 1;

    public UserDecision Open()
    {
        var sentences = new List<string>();
        string reason;
        if (_persona.RevealsTarget && _persona.Target.Title is string title)
        {
            sentences.Add(Fill(Phrasebook.OpenKnownItem, title: title));
            reason = "Known-item search: asks for the target by name.";
        }
        else
        {
            int count = 1 + (_persona.Orientations.Detail >= 0.6 ? 1 : 0) + (_persona.Linguistic.Verbosity >= 0.7 ? 1 : 0);
            List<ItemFact> facts = _cues.TellNext(count);
            sentences.Add(facts.Count > 0
                ? Fill(Phrasebook.OpenWithFacts, desc: FactPhrases.Describe(facts))
                : Fill(Phrasebook.OpenPlain));
            reason = facts.Count > 0
                ? $"Opening request; tells the target's {KindList(facts)}."
                : "Opening request; the target has no attributes to describe.";
        }

        if (_favourite?.Title is string liked && _persona.Linguistic.Verbosity >= 0.4)
        {
            sentences.Add(Fill(Phrasebook.LikedBefore, title: liked));
        }

        if (_persona.Linguistic.Verbosity >= 0.8 && StrongestInterest() is ItemFact interest)
        {
            sentences.Add(Fill(Phrasebook.GeneralInterest, desc: FactPhrases.Interest(interest, _persona.ItemNoun)));
        }

        return Decide(UserActionKind.Open, sentences, reason);
    }

    public UserDecision Respond(AgentTurn turn)
    {
        AgentTurns++;
        _turnsLeft--;
        List<CatalogItem> considered = [.. turn.Items.Take(_options.MaxItemsConsidered)];
        int position = considered.FindIndex(i => i.Id == _persona.Target.Id);
        if (position >= 0)
        {
            Outcome = SessionOutcome.Accepted;
            string text = considered.Count > 1
                ? Fill(Phrasebook.AcceptAt, which: Phrasebook.Ordinal(position))
                : Fill(Phrasebook.Accept);
            return Decide(UserActionKind.EndConversation, [text], $"The agent showed the target as its {Phrasebook.Ordinal(position)} item; accepted.", [_persona.Target.Id]);
        }

        // Frustration costs extra patience: an empty message, or items the user already turned down.
        List<CatalogItem> repeated = [.. considered.Where(i => _rejected.Contains(i.Id))];
        bool empty = string.IsNullOrWhiteSpace(turn.Message);
        if (empty)
        {
            _turnsLeft--;
        }

        if (repeated.Count > 0)
        {
            _turnsLeft--;
        }

        if (_turnsLeft <= 0)
        {
            Outcome = SessionOutcome.GaveUp;
            return Decide(UserActionKind.EndConversation, [Fill(Phrasebook.GiveUp)],
                $"Patience ran out after {Phrasebook.Number(AgentTurns)} agent turns (limit {Phrasebook.Number(TurnLimit)}); the target was never shown.");
        }

        if (considered.Count > 0)
        {
            return Feedback(considered, repeated);
        }

        switch (turn.Action)
        {
            case AgentActionKind.Ask:
                return Clarify(turn.Message ?? string.Empty);
            case AgentActionKind.Recommend:
                return WithNextFacts(UserActionKind.ProvideFeedbackOnRecommendation, Phrasebook.NoItemsShown, Phrasebook.WantFacts,
                    "The agent announced a recommendation but showed no items");
            case AgentActionKind.Search:
                return WithNextFacts(UserActionKind.RespondToClarification, Phrasebook.Acknowledge, Phrasebook.KeepInMind, "The agent is searching");
            default:
                return WithNextFacts(UserActionKind.RespondToClarification, Phrasebook.Nudge, Phrasebook.WantFacts, "The agent chatted without recommending");
        }
    }

    /// <summary>A reaction sentence plus the next untold facts, if any are left.</summary>
    private UserDecision WithNextFacts(UserActionKind action, Phrasebook.Register reaction, Phrasebook.Register facts, string situation)
    {
        List<string> more = MoreFacts(facts);
        string reason = situation + (more.Count > 0 ? "; adds a detail." : "; nothing new to add.");
        return Decide(action, [Fill(reaction), .. more], reason);
    }

    private UserDecision Clarify(string question)
    {
        List<string> topics = QuestionTopics.Detect(question);
        bool aboutHistory = topics.Remove(QuestionTopics.History);
        var sentences = new List<string>();
        if (_persona.Linguistic.Verbosity >= 0.75)
        {
            sentences.Add(Fill(Phrasebook.Thanks));
        }

        var reason = new List<string>();
        if (aboutHistory && _favourite?.Title is string liked)
        {
            sentences.Add(Fill(Phrasebook.LikedBefore, title: liked));
            reason.Add("names a favourite from the history");
        }

        if (topics.Count > 0)
        {
            List<ItemFact> fresh = _cues.TellNext(CuesPerTurn, topics);
            List<ItemFact> known = _cues.Told(topics);
            if (fresh.Count > 0)
            {
                sentences.Add(Fill(Phrasebook.WantFacts, desc: FactPhrases.Describe(fresh)));
                reason.Add($"answers about the {KindList(fresh)}");
            }
            else if (known.Count > 0)
            {
                sentences.Add(Fill(Phrasebook.Restate, desc: FactPhrases.Describe(known)));
                reason.Add($"was asked again about the {KindList(known)}; repeats it");
            }
            else
            {
                sentences.Add(Fill(Phrasebook.NoPreference, kind: FactPhrases.KindName(topics[0])));
                sentences.AddRange(MoreFacts(Phrasebook.KeepInMind));
                reason.Add($"the target has no {FactPhrases.KindName(topics[0])} to tell");
            }
        }
        else if (!aboutHistory || _favourite is null)
        {
            List<string> more = MoreFacts(Phrasebook.WantFacts);
            sentences.AddRange(more.Count > 0 ? more : [Fill(Phrasebook.NothingNew)]);
            reason.Add(more.Count > 0 ? "question not understood; tells the next detail" : "question not understood and nothing left to tell");
        }

        return Decide(UserActionKind.RespondToClarification, sentences, "Clarification: " + string.Join("; ", reason) + ".");
    }

    private UserDecision Feedback(List<CatalogItem> considered, List<CatalogItem> repeated)
    {
        var sentences = new List<string>();
        if (repeated.Count > 0)
        {
            sentences.Add(Fill(Phrasebook.Repeated, which: repeated.Count == 1 && considered.Count == 1 ? "that one" : "some of these"));
        }

        RecommendationReview review = RecommendationReview.Of(considered, _cues.TargetFacts, _guard);
        List<ItemFact> right = review.Right;
        List<ItemFact> wrong = review.Wrong;
        if (right.Count > 0)
        {
            List<string> kinds = [.. right.Select(f => f.Kind).Distinct().Take(CuesPerTurn).OrderBy(ItemFacts.KindRank).Select(FactPhrases.KindName)];
            sentences.Add(Fill(Phrasebook.RightKinds, kind: FactPhrases.JoinAnd(kinds)));
        }

        if (wrong.Count > 0)
        {
            sentences.Add(Fill(Phrasebook.WrongFacts, desc: FactPhrases.Describe(wrong)));
        }

        if (right.Count == 0 && wrong.Count == 0)
        {
            sentences.Add(Fill(Phrasebook.NotIt));
        }

        // Point at a near miss only when there is a choice to point at.
        if (considered.Count > 1 && review.Closest >= 0)
        {
            sentences.Add(Fill(Phrasebook.Close, which: Phrasebook.Ordinal(review.Closest)));
        }

        List<string> more = MoreFacts(Phrasebook.WantFacts);
        sentences.AddRange(more.Count > 0 ? more : [Fill(Phrasebook.TrySomethingElse)]);
        foreach (CatalogItem item in considered)
        {
            _rejected.Add(item.Id);
        }

        string reason = $"The target is not among the {Phrasebook.Number(considered.Count)} items shown; attributes of the target among them: {Phrasebook.Number(right.Count)}"
            + (repeated.Count > 0 ? $"; shown before: {Phrasebook.Number(repeated.Count)}" : string.Empty) + ".";
        return Decide(UserActionKind.ProvideFeedbackOnRecommendation, sentences, reason);
    }

    /// <summary>A sentence telling the next untold facts, or nothing when all were told.</summary>
    private List<string> MoreFacts(Phrasebook.Register register)
    {
        List<ItemFact> facts = _cues.TellNext(CuesPerTurn);
        return facts.Count > 0 ? [Fill(register, desc: FactPhrases.Describe(facts))] : [];
    }

    private UserDecision Decide(UserActionKind action, List<string> sentences, string reason, IReadOnlyList<string>? accepted = null)
    {
        string draft = string.Join(' ', sentences.Where(s => s.Length > 0));
        string response = TypoWriter.Apply(draft, _persona.Linguistic.TypoRate, _random, _protectedWords);
        if (!_persona.RevealsTarget)
        {
            draft = _guard.Redact(draft);
            response = _guard.Redact(response);
            reason = _guard.Redact(reason);
        }

        return new UserDecision(action, response, reason, draft, accepted ?? []);
    }

    private string Fill(Phrasebook.Register register, string desc = "", string title = "", string which = "", string kind = "")
    {
        string noun = _persona.ItemNoun;
        return register.Pick(_random, Formal)
            .Replace("{nouns}", FactPhrases.Plural(noun), StringComparison.Ordinal)
            .Replace("{noun}", noun, StringComparison.Ordinal)
            .Replace("{desc}", desc, StringComparison.Ordinal)
            .Replace("{title}", title, StringComparison.Ordinal)
            .Replace("{which}", which, StringComparison.Ordinal)
            .Replace("{kind}", kind, StringComparison.Ordinal);
    }

    private ItemFact? StrongestInterest()
    {
        AttributePreference? top = _persona.Preferences.FirstOrDefault(p => !_guard.Leaks(p.Value));
        return top is null ? null : new ItemFact(top.Kind, top.Value);
    }

    private static string KindList(IEnumerable<ItemFact> facts) =>
        FactPhrases.JoinAnd([.. facts.Select(f => FactPhrases.KindName(f.Kind)).Distinct()]);

    /// <summary>The history item most like the target whose title is safe to say, newest first on ties.</summary>
    private static CatalogItem? Favourite(Persona persona, List<ItemFact> targetFacts, TargetLeakGuard guard)
    {
        CatalogItem? best = null;
        int bestShared = -1;
        for (int i = persona.History.Count - 1; i >= 0; i--)
        {
            CatalogItem item = persona.History[i];
            if (item.Title is null || item.Id == persona.Target.Id || guard.Leaks(item.Title))
            {
                continue;
            }

            int shared = ItemFacts.Of(item).Count(f => ItemFacts.Contains(targetFacts, f));
            if (shared > bestShared)
            {
                (best, bestShared) = (item, shared);
            }
        }

        return best;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{_persona.UserId}: {AgentTurns}/{TurnLimit} turns, {_cues.ToldCount}/{_cues.Count} facts told, {Outcome}");
}
