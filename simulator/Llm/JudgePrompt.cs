using System.Globalization;
using System.Text;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Llm;

/// <summary>
/// The messages that ask an LLM to act as the simulated user judging one agent turn (ECPO forward
/// expectation confirmation). The judge knows what the user wants as facts, not the target's title.
/// </summary>
internal static class JudgePrompt
{
    public const string SystemText =
        "You are the user in a conversation with a recommendation assistant. Judge whether the assistant's latest turn met your expectations, "
        + "by deducting points on three scales:\n"
        + "- guidance (0 to 1): the turn does not move you toward a good suggestion: it recommends before knowing what you want, asks about "
        + "something you already said, or only chats.\n"
        + "- flexibility (0 to 2): the turn ignores what you asked for or turned down: suggestions that lack what you asked for, items you rejected again.\n"
        + "- coherence (0 to 2): the turn does not fit your last message or is badly formed: empty or garbled text, items already shown, "
        + "an announced recommendation with nothing in it, a repeated message.\n"
        + "Deduct 0 when the turn is fine on a scale. Use steps of 0.5. Give one short reason per scale.\n"
        + "Answer with a JSON object: {\"guidance\": {\"deduction\": number, \"reason\": string}, \"flexibility\": {...}, \"coherence\": {...}}.";

    public static string User(Persona persona, IReadOnlyList<ConversationTurn> transcript, int position)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"You are looking for a {persona.ItemNoun}");
        List<ItemFact> facts = ItemFacts.Of(persona.Target);
        text.Append(facts.Count > 0 ? " " + FactPhrases.Describe(facts) : string.Empty).Append(".\n");
        if (persona.Interests.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"In general you like {FactPhrases.JoinAnd([.. persona.Interests])}.\n");
        }

        Orientations o = persona.Orientations;
        text.Append(CultureInfo.InvariantCulture, $"How much you value efficiency / detail / exploration (0 to 1): {o.Efficiency:0.##} / {o.Detail:0.##} / {o.Exploration:0.##}.\n\n");
        text.Append("Conversation:\n");
        for (int i = 0; i <= position; i++)
        {
            ConversationTurn turn = transcript[i];
            text.Append("You: ").Append(turn.User.Response).Append('\n');
            if (turn.Agent is AgentTurn agent)
            {
                text.Append(i == position ? ">>> Assistant (the turn to judge)" : "Assistant");
                text.Append(CultureInfo.InvariantCulture, $" [{agent.Action}]: {agent.Message}");
                if (agent.Items.Count > 0)
                {
                    text.Append(" [shown: ").AppendJoin("; ", agent.Items.Select(item => item.Title ?? item.Id)).Append(']');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
