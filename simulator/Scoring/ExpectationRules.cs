using System.Globalization;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Scoring;

/// <summary>
/// The rule-based expectation confirmation. The user's "stated constraints" are the target's facts the
/// user has written so far (found in their turns' text, so LLM-phrased and human turns work too); items
/// the user gave feedback on without accepting count as rejected. Each rule adds a fixed deduction and a
/// reason; each dimension is capped at its maximum.
/// </summary>
internal static class ExpectationRules
{
    private const int MaxNamedItems = 3;

    public static TurnScore Score(Persona persona, IReadOnlyList<ConversationTurn> transcript, int position, ExpectationScorerOptions options)
    {
        ConversationTurn current = transcript[position];
        AgentTurn agent = current.Agent!;
        UserTurn user = current.User;
        List<ItemFact> targetFacts = ItemFacts.Of(persona.Target);
        // A value the target has under two kinds (an actor who also wrote it) counts once, under the broader kind.
        List<ItemFact> stated = [.. targetFacts
            .Where(f => Enumerable.Range(0, position + 1).Any(i => TextTokens.Contains(transcript[i].User.Response ?? string.Empty, f.Value)))
            .OrderBy(f => ItemFacts.KindRank(f.Kind))
            .DistinctBy(f => f.Value, StringComparer.OrdinalIgnoreCase)];
        HashSet<string> statedKinds = [.. stated.Select(f => f.Kind)];

        var shownBefore = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < position; i++)
        {
            if (transcript[i].Agent is not AgentTurn earlier)
            {
                continue;
            }

            UserTurn reaction = transcript[i + 1].User;
            foreach (string id in earlier.ItemIds)
            {
                shownBefore.Add(id);
                if (reaction.Action == UserActionKind.ProvideFeedbackOnRecommendation && !reaction.AcceptedItemIds.Contains(id))
                {
                    rejected.Add(id);
                }
            }
        }

        List<ItemFact> avoided = TurnedDown(transcript, position, targetFacts);
        string message = agent.Message ?? string.Empty;
        var reasons = new List<string>();

        // Guidance: does the turn move the user toward a good recommendation?
        double guidance = 0;
        if (agent.Action == AgentActionKind.Recommend && stated.Count < options.MinimumStatedFactsToRecommend)
        {
            guidance += Deduct(reasons, "Guidance", 1, "recommended before the user had stated what they want");
        }

        List<string> topics = QuestionTopics.Detect(message);
        topics.Remove(QuestionTopics.History);
        if (agent.Action == AgentActionKind.Ask && topics.Count > 0 && topics.All(statedKinds.Contains))
        {
            guidance += Deduct(reasons, "Guidance", 1, $"asked about the {FactPhrases.JoinAnd([.. topics.Select(FactPhrases.KindName)])} again, which the user already stated");
        }

        if (agent.Action == AgentActionKind.Response)
        {
            guidance += Deduct(reasons, "Guidance", 0.5, "neither asked, searched nor recommended");
        }

        int streakLimit = persona.Orientations.Efficiency >= 0.7 ? options.AskStreakLimit - 1 : options.AskStreakLimit;
        if (agent.Action == AgentActionKind.Ask && AskStreak(transcript, position) >= streakLimit)
        {
            guidance += Deduct(reasons, "Guidance", 0.5, $"asked {streakLimit} or more questions in a row without suggesting anything");
        }

        // Flexibility: does the turn follow what the user said and turned down?
        double flexibility = 0;
        List<CatalogItem> again = [.. agent.Items.Where(i => rejected.Contains(i.Id))];
        if (again.Count > 0)
        {
            flexibility += Deduct(reasons, "Flexibility", 1, $"showed items the user already rejected: {Names(again)}");
        }

        List<List<ItemFact>> shownFacts = [.. agent.Items.Select(ItemFacts.Of)];
        if (agent.Items.Count > 0 && stated.Count > 0)
        {
            int matching = shownFacts.Count(facts => facts.Any(f => ItemFacts.Contains(stated, f)));
            string wanted = FactPhrases.Describe(stated);
            if (matching == 0)
            {
                flexibility += Deduct(reasons, "Flexibility", 1, $"none of the {agent.Items.Count} items has anything the user asked for ({wanted})");
            }
            else if (matching * 2 < agent.Items.Count)
            {
                flexibility += Deduct(reasons, "Flexibility", 0.5, $"only {matching} of the {agent.Items.Count} items has anything the user asked for ({wanted})");
            }
        }

        if (agent.Items.Count > 0 && avoided.Count > 0)
        {
            List<ItemFact> hit = [.. avoided.Where(f => shownFacts.Any(facts => ItemFacts.Contains(facts, f)))];
            int against = shownFacts.Count(facts => facts.Any(f => ItemFacts.Contains(avoided, f)));
            if (against > 0)
            {
                string what = FactPhrases.Describe(hit.OrderBy(f => ItemFacts.KindRank(f.Kind)));
                flexibility += against * 2 > agent.Items.Count
                    ? Deduct(reasons, "Flexibility", 1, $"{against} of the {agent.Items.Count} items have what the user turned down ({what})")
                    : Deduct(reasons, "Flexibility", 0.5, $"{against} of the {agent.Items.Count} items {(against == 1 ? "has" : "have")} what the user turned down ({what})");
            }
        }

        // Coherence: does the turn make sense as an answer to the user's last turn?
        double coherence = 0;
        if (string.IsNullOrWhiteSpace(message))
        {
            coherence += Deduct(reasons, "Coherence", 2, "the message is empty");
        }
        else if (IsGarbled(message))
        {
            coherence += Deduct(reasons, "Coherence", 2, "the message is garbled");
        }

        List<CatalogItem> repeats = [.. agent.Items.Where((item, i) => shownBefore.Contains(item.Id) || agent.Items.Take(i).Any(o => o.Id == item.Id))];
        if (repeats.Count > 0)
        {
            coherence += Deduct(reasons, "Coherence", 1, $"showed items already shown: {Names(repeats)}");
        }

        if (agent.Action == AgentActionKind.Recommend && agent.Items.Count == 0)
        {
            coherence += Deduct(reasons, "Coherence", 1, "a Recommend turn that shows no items");
        }

        if (agent.Action == AgentActionKind.Ask && !string.IsNullOrWhiteSpace(message) && !message.Contains('?', StringComparison.Ordinal))
        {
            coherence += Deduct(reasons, "Coherence", 0.5, "an Ask turn without a question");
        }

        if (user.Action == UserActionKind.EndConversation)
        {
            coherence += Deduct(reasons, "Coherence", 1, "kept talking after the user ended the conversation");
        }
        else if (user.Action == UserActionKind.ProvideFeedbackOnRecommendation && agent.Action == AgentActionKind.Response && agent.Items.Count == 0)
        {
            coherence += Deduct(reasons, "Coherence", 1, "did not act on the user's feedback");
        }

        if (PreviousAgentMessage(transcript, position) is string previous && !string.IsNullOrWhiteSpace(message)
            && TextTokens.Words(previous).SequenceEqual(TextTokens.Words(message)))
        {
            coherence += Deduct(reasons, "Coherence", 1, "repeated its previous message word for word");
        }

        return new TurnScore(
            current.Index,
            Math.Min(guidance, TurnScore.MaxGuidance),
            Math.Min(flexibility, TurnScore.MaxFlexibility),
            Math.Min(coherence, TurnScore.MaxCoherence),
            reasons);
    }

    /// <summary>
    /// Facts the user turned down: a fact of an item the agent showed earlier that the target lacks and that the
    /// user wrote after seeing it. A user only names an attribute their target lacks to steer away from it
    /// ("nothing in the comedy genre, please"), whether the turn was phrased by the policy, an LLM or a person.
    /// </summary>
    private static List<ItemFact> TurnedDown(IReadOnlyList<ConversationTurn> transcript, int position, List<ItemFact> targetFacts)
    {
        var avoided = new List<ItemFact>();
        for (int i = 0; i < position; i++)
        {
            if (transcript[i].Agent is not AgentTurn earlier)
            {
                continue;
            }

            foreach (ItemFact fact in earlier.Items.SelectMany(ItemFacts.Of))
            {
                bool targetHasIt = targetFacts.Exists(t => string.Equals(t.Value, fact.Value, StringComparison.OrdinalIgnoreCase));
                if (!targetHasIt && !ItemFacts.Contains(avoided, fact)
                    && Enumerable.Range(i + 1, position - i).Any(j => TextTokens.Contains(transcript[j].User.Response ?? string.Empty, fact.Value)))
                {
                    avoided.Add(fact);
                }
            }
        }

        return avoided;
    }

    private static double Deduct(List<string> reasons, string dimension, double amount, string why)
    {
        reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{dimension} -{amount}: {why}."));
        return amount;
    }

    /// <summary>Consecutive Ask turns ending at (and including) the scored one.</summary>
    private static int AskStreak(IReadOnlyList<ConversationTurn> transcript, int position)
    {
        int streak = 0;
        for (int i = position; i >= 0 && transcript[i].Agent?.Action == AgentActionKind.Ask; i--)
        {
            streak++;
        }

        return streak;
    }

    private static string? PreviousAgentMessage(IReadOnlyList<ConversationTurn> transcript, int position)
    {
        for (int i = position - 1; i >= 0; i--)
        {
            if (transcript[i].Agent is AgentTurn agent)
            {
                return agent.Message;
            }
        }

        return null;
    }

    /// <summary>Mostly non-letters, a replacement character, or one word four or more times in a row.</summary>
    private static bool IsGarbled(string message)
    {
        if (message.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return true;
        }

        int visible = message.Count(c => !char.IsWhiteSpace(c));
        int letters = message.Count(char.IsLetter);
        if (letters * 2 < visible)
        {
            return true;
        }

        string[] words = TextTokens.Words(message);
        for (int i = 3; i < words.Length; i++)
        {
            if (words[i] == words[i - 1] && words[i] == words[i - 2] && words[i] == words[i - 3])
            {
                return true;
            }
        }

        return false;
    }

    private static string Names(List<CatalogItem> items)
    {
        IEnumerable<string> names = items.Take(MaxNamedItems).Select(i => i.Title ?? i.Id);
        return string.Join(", ", names) + (items.Count > MaxNamedItems ? $" and {items.Count - MaxNamedItems} more" : string.Empty);
    }
}
