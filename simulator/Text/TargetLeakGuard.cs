using System.Text.RegularExpressions;
using AgentRec.Core.Catalog;

namespace AgentRec.Simulator.Text;

/// <summary>
/// Decides whether text names a hidden target item: its id, IMDb id, or its title in any of the forms a
/// speaker would use (with or without the year, the article moved back to the front or dropped, the
/// alternative title in brackets, the part before a subtitle). Matching is on whole words, ignoring case
/// and punctuation. It errs on the strict side: a short title that is also a common word ("Up", "Fun")
/// counts wherever the word occurs, because a leaked target makes an evaluation worthless while an
/// over-cautious check only costs phrasing.
/// </summary>
public sealed partial class TargetLeakGuard
{
    private const string FallbackReplacement = "…";
    private static readonly string[] Articles = ["the", "a", "an"];

    private readonly List<string[]> _phrases = [];

    public TargetLeakGuard(CatalogItem target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        var forms = new List<string> { target.Id };
        if (target.Metadata.TryGetValue("imdb_id", out string? imdb))
        {
            forms.Add(imdb);
        }

        if (!string.IsNullOrWhiteSpace(target.Title))
        {
            forms.AddRange(TitleForms(target.Title));
        }

        foreach (string form in forms)
        {
            string[] words = TextTokens.Words(form);
            if (words.Length > 0 && !_phrases.Exists(p => p.SequenceEqual(words)))
            {
                _phrases.Add(words);
            }
        }

        ForbiddenPhrases = [.. _phrases.Select(p => string.Join(' ', p))];
    }

    public CatalogItem Target { get; }

    /// <summary>The normalised word sequences that count as naming the target.</summary>
    public IReadOnlyList<string> ForbiddenPhrases { get; }

    public bool Leaks(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        List<TextToken> tokens = TextTokens.Tokenize(text);
        return _phrases.Exists(p => TextTokens.Find(tokens, p) >= 0);
    }

    /// <summary>Replaces every occurrence of a forbidden phrase; the result never leaks.</summary>
    public string Redact(string text, string replacement = "that one")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(replacement);
        if (Leaks(replacement))
        {
            replacement = FallbackReplacement;
        }

        // Replacing can join words into a new match only in contrived cases; a few passes settle it.
        for (int pass = 0; pass < 4 && Leaks(text); pass++)
        {
            text = ReplaceMatches(text, replacement);
        }

        return Leaks(text) ? FallbackReplacement : text;
    }

    private string ReplaceMatches(string text, string replacement)
    {
        List<TextToken> tokens = TextTokens.Tokenize(text);
        var spans = new List<(int Start, int End)>();
        foreach (string[] phrase in _phrases)
        {
            for (int at = TextTokens.Find(tokens, phrase); at >= 0; at = TextTokens.Find(tokens, phrase, at + 1))
            {
                spans.Add((tokens[at].Start, tokens[at + phrase.Length - 1].End));
            }
        }

        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var merged = new List<(int Start, int End)>();
        foreach ((int start, int end) in spans)
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        for (int i = merged.Count - 1; i >= 0; i--)
        {
            text = string.Concat(text.AsSpan(0, merged[i].Start), replacement, text.AsSpan(merged[i].End));
        }

        return text;
    }

    private static IEnumerable<string> TitleForms(string title)
    {
        yield return title;
        string bare = TrailingYear().Replace(title, string.Empty).Trim();
        var names = new List<string> { bare };

        // MovieLens keeps the original title in brackets: "City of Lost Children, The (Cité des enfants perdus, La)".
        Match alternative = TrailingBracket().Match(bare);
        if (alternative.Success)
        {
            names.Add(bare[..alternative.Index].Trim());
            names.Add(alternative.Groups[1].Value.Trim());
        }

        foreach (string name in names.ToArray())
        {
            int colon = name.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && TextTokens.Words(name[..colon]).Length >= 2)
            {
                names.Add(name[..colon]);
            }
        }

        foreach (string name in names)
        {
            yield return name;
            string[] words = TextTokens.Words(name);

            // "Usual Suspects, The" is said "The Usual Suspects" or "Usual Suspects"; a one-word remainder
            // ("The One" → "one") keeps its article so that ordinary words stay usable.
            Match moved = TrailingArticle().Match(name);
            if (moved.Success)
            {
                string rest = name[..moved.Index].Trim();
                yield return $"{moved.Groups[1].Value} {rest}";
                if (TextTokens.Words(rest).Length >= 2)
                {
                    yield return rest;
                }
            }
            else if (words.Length >= 3 && Articles.Contains(words[0]))
            {
                yield return string.Join(' ', words[1..]);
            }
        }
    }

    [GeneratedRegex(@"\(\s*\d{4}\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingYear();

    [GeneratedRegex(@"\(([^()]+)\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingBracket();

    [GeneratedRegex(@",\s*(The|A|An|Les|La|Le|L'|Il|Das|Der|Die|El)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TrailingArticle();
}
