using System.Globalization;
using System.Text;

namespace AgentRec.Llm.Tokenization;

/// <summary>
/// SentencePiece text conventions as llama.cpp applies them to an SPM ("llama") vocabulary: a leading space,
/// every space written as "▁" (U+2581), nothing else changed. Training also cuts the normalised text into
/// words so that no learned piece spans a word boundary or mixes letters, digits, punctuation and control
/// characters; llama.cpp needs no such split at run time because it only joins symbols whose joined text
/// is a token, and no token crosses those borders.
/// </summary>
internal static class SpmText
{
    public const char WordBoundary = '\u2581';

    public static string Normalize(string text) =>
        string.Create(text.Length + 1, text, static (span, source) =>
        {
            span[0] = WordBoundary;
            source.AsSpan().Replace(span[1..], ' ', WordBoundary);
        });

    /// <summary>The (start, length) word ranges of a normalised text.</summary>
    public static IEnumerable<(int Start, int Length)> Words(string normalized)
    {
        var start = 0;
        var previous = CharacterClass.None;
        var index = 0;
        while (index < normalized.Length)
        {
            Rune.DecodeFromUtf16(normalized.AsSpan(index), out var rune, out var width);
            var current = Classify(rune);
            if (index > 0 && StartsWord(previous, current))
            {
                yield return (start, index - start);
                start = index;
            }
            previous = current;
            index += width;
        }
        if (index > start)
        {
            yield return (start, index - start);
        }
    }

    public static CharacterClass Classify(Rune rune)
    {
        if (rune.Value == WordBoundary)
        {
            return CharacterClass.Boundary;
        }
        if (Rune.IsLetter(rune))
        {
            return CharacterClass.Letter;
        }
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                return CharacterClass.Letter;
            case UnicodeCategory.DecimalDigitNumber:
                return CharacterClass.Digit;
        }
        return Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) ? CharacterClass.Space : CharacterClass.Other;
    }

    // "▁" opens a word and joins the following letter, digit or punctuation run; control characters and
    // other whitespace stay apart from it.
    private static bool StartsWord(CharacterClass previous, CharacterClass current) =>
        current == CharacterClass.Boundary
        || (previous == CharacterClass.Boundary ? current == CharacterClass.Space : current != previous);

    internal enum CharacterClass
    {
        None,
        Boundary,
        Letter,
        Digit,
        Space,
        Other,
    }
}
