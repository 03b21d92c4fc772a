using System.Text;

namespace AgentRec.Simulator.Text;

/// <summary>
/// Adds the persona's typos: swaps two inner letters of ordinary lower-case words. Names, titles and
/// attribute values are protected so that typos never change what the user asks for.
/// </summary>
internal static class TypoWriter
{
    private const int MinimumWordLength = 4;

    public static string Apply(string text, double rate, Random random, IReadOnlySet<string> protectedWords)
    {
        if (rate <= 0 || text.Length == 0)
        {
            return text;
        }

        var result = new StringBuilder(text);
        foreach (TextToken token in TextTokens.Tokenize(text))
        {
            int length = token.End - token.Start;
            bool ordinary = length >= MinimumWordLength && IsLowerAscii(text, token) && !protectedWords.Contains(token.Value);
            if (!ordinary)
            {
                continue;
            }

            // One draw per eligible word keeps the sequence of random numbers independent of the outcome.
            double roll = random.NextDouble();
            int offset = 1 + random.Next(length - 2);
            if (roll < rate)
            {
                int a = token.Start + offset;
                (result[a], result[a + 1]) = (result[a + 1], result[a]);
            }
        }

        return result.ToString();
    }

    private static bool IsLowerAscii(string text, TextToken token)
    {
        for (int i = token.Start; i < token.End; i++)
        {
            if (!char.IsAsciiLetterLower(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
