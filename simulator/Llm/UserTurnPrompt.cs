using System.Globalization;
using System.Text;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Text;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Llm;

/// <summary>
/// The messages that ask an LLM to phrase one simulated-user turn. The LLM gets the persona, the
/// conversation and the structured decision to put in its own words; it never sees the target's title
/// or id (agent text is passed through the leak guard), so it cannot name it by accident.
/// </summary>
internal static class UserTurnPrompt
{
    public static string System(Persona persona)
    {
        var text = new StringBuilder();
        string nouns = FactPhrases.Plural(persona.ItemNoun);
        text.Append(CultureInfo.InvariantCulture, $"You play a person who is chatting with a recommendation assistant to find {nouns}. ");
        text.Append("Stay in character and write only your own next message.\n");
        if (persona.Activities.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"About you: you {FactPhrases.JoinAnd([.. persona.Activities.Select(FirstPerson)])}.\n");
        }

        if (persona.Interests.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"You like {FactPhrases.JoinAnd([.. persona.Interests])}.\n");
        }

        LinguisticTraits style = persona.Linguistic;
        string length = style.Verbosity switch
        {
            < 0.34 => "very short, one sentence",
            < 0.67 => "one or two sentences",
            _ => "chatty, a few sentences",
        };
        text.Append(CultureInfo.InvariantCulture, $"Style: {length}; {(style.IsFormal ? "formal and polite" : "casual")}");
        text.Append(style.TypoRate > 0 ? "; you make the odd typo.\n" : ".\n");

        var cares = new List<string>();
        if (persona.Orientations.Efficiency >= 0.6)
        {
            cares.Add("getting a good answer quickly");
        }

        if (persona.Orientations.Detail >= 0.6)
        {
            cares.Add("specific details");
        }

        if (persona.Orientations.Exploration >= 0.6)
        {
            cares.Add("discovering something new");
        }

        if (cares.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"You care about {FactPhrases.JoinAnd(cares)}.\n");
        }

        if (!persona.RevealsTarget)
        {
            text.Append(CultureInfo.InvariantCulture, $"Never name a specific {persona.ItemNoun} you hope to find; describe what you want instead.\n");
        }

        text.Append("Answer with a JSON object: {\"reason\": \"why you act this way, one private sentence\", \"response\": \"your message to the assistant\"}.");
        return text.ToString();
    }

    public static string User(Persona persona, TargetLeakGuard guard, IReadOnlyList<ConversationTurn> history, AgentTurn? latest, UserDecision decision)
    {
        var text = new StringBuilder();
        if (history.Count > 0 || latest is not null)
        {
            text.Append("Conversation so far:\n");
            foreach (ConversationTurn turn in history)
            {
                text.Append("You: ").Append(turn.User.Response).Append('\n');
                if (turn.Agent is AgentTurn agent)
                {
                    AppendAgent(text, persona, guard, agent);
                }
            }

            if (latest is not null)
            {
                AppendAgent(text, persona, guard, latest);
            }

            text.Append('\n');
        }

        string action = decision.Action switch
        {
            UserActionKind.Open => "open the conversation with your request",
            UserActionKind.RespondToClarification => "answer the assistant or add to your request",
            UserActionKind.ProvideFeedbackOnRecommendation => "give feedback on what the assistant suggested",
            _ => decision.Accepted.Count > 0 ? "accept the suggestion and end the conversation" : "end the conversation",
        };
        text.Append(CultureInfo.InvariantCulture, $"Your move now: {action}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Say this, in your own words and style, keeping every detail: \"{decision.Draft}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"Your private reason: {decision.Reason}");
        return text.ToString();
    }

    private static void AppendAgent(StringBuilder text, Persona persona, TargetLeakGuard guard, AgentTurn agent)
    {
        string message = Safe(persona, guard, agent.Message ?? string.Empty);
        text.Append("Assistant: ").Append(message);
        if (agent.Items.Count > 0)
        {
            IEnumerable<string> names = agent.Items.Select(i => Safe(persona, guard, i.Title ?? i.Id));
            text.Append(" [shown: ").AppendJoin("; ", names).Append(']');
        }

        text.Append('\n');
    }

    private static string Safe(Persona persona, TargetLeakGuard guard, string text) =>
        persona.RevealsTarget ? text : guard.Redact(text, "(an item)");

    /// <summary>"watches movies" → "watch movies", "is a student" → "are a student" (activities are stored in the third person).</summary>
    private static string FirstPerson(string activity)
    {
        int space = activity.IndexOf(' ', StringComparison.Ordinal);
        string verb = space < 0 ? activity : activity[..space];
        string rest = space < 0 ? string.Empty : activity[space..];
        string first = verb switch
        {
            "is" => "are",
            "has" => "have",
            "does" => "do",
            "goes" => "go",
            _ when verb.EndsWith("ies", StringComparison.Ordinal) => verb[..^3] + "y",
            _ when verb.EndsWith("ches", StringComparison.Ordinal) || verb.EndsWith("shes", StringComparison.Ordinal)
                || verb.EndsWith("sses", StringComparison.Ordinal) => verb[..^2],
            _ when verb.EndsWith('s') => verb[..^1],
            _ => verb,
        };
        return first + rest;
    }
}
