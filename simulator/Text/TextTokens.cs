using System.Globalization;

namespace AgentRec.Simulator.Text;

/// <summary>
/// Splits text into runs of letters and digits (lower-cased, with their character spans) so that
/// phrases can be matched on word boundaries regardless of punctuation, spacing and case:
/// "Usual Suspects, The" and "usual suspects the" are the same three tokens.
/// </summary>
internal static class TextTokens
{
    public static List<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            tokens.Add(new TextToken(text[start..i].ToLower(CultureInfo.InvariantCulture), start, i));
        }

        return tokens;
    }

    public static string[] Words(string text) => [.. Tokenize(text).Select(t => t.Value)];

    /// <summary>Index of the first token where <paramref name="phrase"/> occurs as consecutive tokens, or -1.</summary>
    public static int Find(IReadOnlyList<TextToken> tokens, IReadOnlyList<string> phrase, int from = 0)
    {
        if (phrase.Count == 0)
        {
            return -1;
        }

        for (int i = from; i + phrase.Count <= tokens.Count; i++)
        {
            bool match = true;
            for (int j = 0; j < phrase.Count; j++)
            {
                if (!string.Equals(tokens[i + j].Value, phrase[j], StringComparison.Ordinal))
                {
                    match = false;
                    break;
                }
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    public static bool Contains(string text, string phrase)
    {
        string[] words = Words(phrase);
        return words.Length > 0 && Find(Tokenize(text), words) >= 0;
    }
}
