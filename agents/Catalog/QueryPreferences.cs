using System.Globalization;
using System.Text;
using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Catalog;

/// <summary>
/// What a user's words turn down, read against the catalog's own attribute values: a clause with a negation
/// ("I'm not looking for anything in the horror genre", "nothing from the 1980s, please", "comedy but not
/// horror", "I would rather avoid dramas") names values to leave out, and its words are kept out of the
/// embedded query, where they would pull exactly those items in. Clauses are read in order, so naming a value
/// again without a negation takes it back. Hedges ("not sure", "don't mind") negate nothing.
/// </summary>
/// <param name="Query">The text to embed: the user's words without the turned-down clauses.</param>
/// <param name="ExcludedValues">Attribute values turned down, lower-cased.</param>
/// <param name="ExcludedDecades">Decades turned down (1980 for "the 1980s").</param>
public sealed record QueryPreferences(string Query, IReadOnlySet<string> ExcludedValues, IReadOnlySet<int> ExcludedDecades)
{
    private static readonly HashSet<string> Cues = new(StringComparer.Ordinal)
    {
        "not", "no", "nothing", "none", "never", "avoid", "without", "except", "neither", "nor", "dislike", "hate", "skip",
    };

    private static readonly string[][] Hedges =
    [
        ["not", "sure"], ["not", "picky"], ["not", "fussy"], ["not", "necessarily"], ["no", "preference"], ["no", "strong", "preference"],
        ["don't", "mind"], ["dont", "mind"], ["don't", "care"], ["dont", "care"], ["doesn't", "matter"], ["not", "important"], ["no", "matter"],
        ["not", "seen"], ["not", "watched"], ["haven't", "seen"], ["haven't", "watched"], ["hasn't", "seen"], ["never", "seen"], ["never", "watched"],
        ["didn't", "see"], ["can't", "wait"], ["cannot", "wait"], ["not", "only"], ["no", "idea"],
    ];

    // A negation reaches the values this many words after it ("not looking for anything in the drama genre").
    private const int CueReach = 12;

    private static readonly HashSet<string> ClauseBreaks = new(StringComparer.Ordinal) { "but", "however", "although", "though", "instead" };

    public bool HasExclusions => ExcludedValues.Count > 0 || ExcludedDecades.Count > 0;

    /// <summary>Reads <paramref name="text"/> against <paramref name="vocabulary"/>.</summary>
    public static QueryPreferences Parse(string text, AttributeVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        var decades = new HashSet<int>();
        var kept = new StringBuilder(text.Length);
        bool previousNegated = false;
        foreach (var clause in Clauses(text))
        {
            var words = Words(clause.Text);
            var values = vocabulary.Find(words);
            var clauseDecades = DecadesIn(words);
            int cue = CueIndex(words);

            // "not drama, comedy or horror": a clause that opens with a value continues a negated list.
            bool opensWithValue = (values.Count > 0 && values[0].Start == 0) || (clauseDecades.Count > 0 && clauseDecades[0].Start == 0);
            bool negated = cue >= 0 || (previousNegated && clause.AfterComma && opensWithValue);

            // Negated: what follows the cue, and a value the clause opens with ("horror is not my thing").
            bool Turned(int start) => negated && ((start > cue && (cue < 0 || start - cue <= CueReach)) || start == 0);
            bool found = Apply(values, excluded) | Apply(clauseDecades, decades);

            // Negated clauses add what they turn down; any other clause takes back what it names.
            bool Apply<T>(List<(T Value, int Start)> mentions, HashSet<T> set)
            {
                bool turned = false;
                foreach (var (value, start) in mentions)
                {
                    if (Turned(start))
                    {
                        set.Add(value);
                        turned = true;
                    }
                    else if (!negated)
                    {
                        set.Remove(value);
                    }
                }

                return turned;
            }

            // A clause that turned something down stays out of the embedded query; any other is kept whole.
            if (!found)
            {
                kept.Append(clause.Text).Append(' ');
            }

            previousNegated = found;
        }

        return new QueryPreferences(kept.ToString().Trim(), excluded, decades);
    }

    /// <summary>True when the item has a turned-down attribute value or comes from a turned-down decade.</summary>
    public bool Excludes(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!HasExclusions)
        {
            return false; // the common case: every search asks, so skip normalising the item's attributes
        }

        if (item.Year is int year && ExcludedDecades.Contains(year / 10 * 10))
        {
            return true;
        }

        foreach (var attribute in item.Attributes)
        {
            if (ExcludedValues.Contains(AttributeVocabulary.Normalize(ItemAttribute.Split(attribute).Value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sentences, cut again before "but"/"however"/… and before "and"/"or" followed by a negation ("comedy and not
    /// horror"), and after commas (remembered, for negated lists).
    /// </summary>
    private static IEnumerable<(string Text, bool AfterComma)> Clauses(string text)
    {
        foreach (var sentence in text.Split(['.', '!', '?', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool afterComma = false;
            foreach (var part in sentence.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] tokens = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var current = new StringBuilder();
                for (int t = 0; t < tokens.Length; t++)
                {
                    string token = tokens[t].ToLowerInvariant();
                    bool conjunctionBeforeCue = token is "and" or "or" && t + 1 < tokens.Length && IsCue(tokens[t + 1].ToLowerInvariant());
                    if ((ClauseBreaks.Contains(token) || conjunctionBeforeCue) && current.Length > 0)
                    {
                        yield return (current.ToString().TrimEnd(), afterComma);
                        current.Clear();
                        afterComma = false;
                    }

                    current.Append(tokens[t]).Append(' ');
                }

                if (current.Length > 0)
                {
                    yield return (current.ToString().TrimEnd(), afterComma);
                }

                afterComma = true;
            }
        }
    }

    private static bool IsCue(string word) => Cues.Contains(word) || (word.EndsWith("n't", StringComparison.Ordinal) && word.Length > 3);

    /// <summary>Position of the first negation cue that is not part of a hedge; -1 when there is none.</summary>
    private static int CueIndex(IReadOnlyList<string> words)
    {
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (IsCue(word) && !Hedges.Any(h => Matches(words, i, h)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Matches(IReadOnlyList<string> words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Count)
        {
            return false;
        }

        for (int k = 0; k < phrase.Length; k++)
        {
            if (words[at + k] != phrase[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"1980s" or "'80s" / "80s" (read as the 1900s).</summary>
    private static List<(int Decade, int Start)> DecadesIn(IReadOnlyList<string> words)
    {
        var found = new List<(int, int)>();
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i].TrimStart('\'');
            if (w.Length is 5 or 3 && w.EndsWith('s') && int.TryParse(w.AsSpan(0, w.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n % 10 == 0)
            {
                found.Add((w.Length == 5 ? n : 1900 + n, i));
            }
        }

        return found;
    }

    internal static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char raw in text)
        {
            char c = raw == '\u2019' ? '\'' : char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || ((c == '\'' || c == '-') && word.Length > 0))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString().TrimEnd('\'', '-'));
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString().TrimEnd('\'', '-'));
        }

        return words;
    }
}
