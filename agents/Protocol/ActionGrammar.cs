using System.Globalization;
using System.Text;

namespace AgentRec.Agents.Protocol;

/// <summary>
/// GBNF for one agent action (llama.cpp grammar sampling). Recommend may only name the candidate ids given,
/// so a constrained model cannot recommend an item outside the catalog, and every output parses.
/// </summary>
public static class ActionGrammar
{
    /// <summary>Most characters of free text in Ask/Search/Response.</summary>
    public const int DefaultMaxTextLength = 240;

    /// <param name="candidateIds">Ids Recommend may use (distinct, non-empty); with none, Recommend is not offered.</param>
    /// <param name="maxItems">Most ids in one Recommend.</param>
    /// <param name="allowed">Actions the model may take (all four when null).</param>
    /// <param name="minItems">Fewest ids in one Recommend (lowered to the number of candidates when there are fewer).</param>
    public static string Build(IReadOnlyCollection<string> candidateIds, int maxItems, IReadOnlySet<Core.Conversations.AgentActionKind>? allowed = null, int maxTextLength = DefaultMaxTextLength, int minItems = 1)
    {
        ArgumentNullException.ThrowIfNull(candidateIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minItems, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minItems, maxItems);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTextLength, 1);
        var kinds = allowed ?? new HashSet<Core.Conversations.AgentActionKind>(Enum.GetValues<Core.Conversations.AgentActionKind>());
        var alternatives = new List<string>();
        foreach (var kind in Enum.GetValues<Core.Conversations.AgentActionKind>())
        {
            if (!kinds.Contains(kind))
            {
                continue;
            }

            if (kind == Core.Conversations.AgentActionKind.Recommend)
            {
                if (candidateIds.Count > 0)
                {
                    alternatives.Add("recommend");
                }
            }
            else
            {
                alternatives.Add(kind.ToString().ToLowerInvariant());
            }
        }

        if (alternatives.Count == 0)
        {
            throw new ArgumentException("No action is possible: Recommend needs candidate ids and no other action is allowed.", nameof(allowed));
        }

        var grammar = new StringBuilder();
        grammar.Append("root ::= ").AppendJoin(" | ", alternatives).Append('\n');
        grammar.Append("ask ::= \"Ask[\" text \"]\"\n");
        grammar.Append("search ::= \"Search[\" text \"]\"\n");
        grammar.Append("response ::= \"Response[\" text \"]\"\n");
        // The first character is not a space, so the text is never blank.
        grammar.Append(CultureInfo.InvariantCulture, $"text ::= [^\\]\\x00-\\x20] [^\\]\\x00-\\x1f]{{0,{maxTextLength - 1}}}\n");
        if (candidateIds.Count > 0)
        {
            int fewest = Math.Min(minItems, candidateIds.Count);
            grammar.Append(CultureInfo.InvariantCulture, $"recommend ::= \"Recommend[\" id (\", \" id){{{fewest - 1},{maxItems - 1}}} \"]\"\n");
            grammar.Append("id ::= ");
            var first = true;
            foreach (var id in candidateIds)
            {
                if (string.IsNullOrWhiteSpace(id) || id.Contains(',') || id.Contains(']'))
                {
                    throw new ArgumentException($"Candidate id '{id}' cannot appear in a Recommend action (empty, or contains ',' or ']').", nameof(candidateIds));
                }

                grammar.Append(first ? string.Empty : " | ").Append(Literal(id));
                first = false;
            }

            grammar.Append('\n');
        }

        return grammar.ToString();
    }

    private static string Literal(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
