using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Catalog;

/// <summary>
/// The catalog's attribute values (genres, people, brands, categories, opaque ids) as word sequences, for finding
/// them in free text; plural single words ("comedies", "thrillers") find their singular value.
/// </summary>
public sealed class AttributeVocabulary
{
    private const int MinimumLength = 3;

    private readonly Dictionary<string, string> _phrases = new(StringComparer.Ordinal);
    private readonly int _longest;

    public AttributeVocabulary(ItemCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var item in catalog.Items)
        {
            foreach (var attribute in item.Attributes)
            {
                string value = Normalize(ItemAttribute.Split(attribute).Value);
                if (value.Length < MinimumLength || string.Equals(value, "unknown", StringComparison.Ordinal))
                {
                    continue;
                }

                _phrases.TryAdd(value, value);
                _longest = Math.Max(_longest, value.Count(c => c == ' ') + 1);
            }
        }
    }

    public int Count => _phrases.Count;

    /// <summary>Lower-case words joined by single spaces, as <see cref="QueryPreferences"/> reads text.</summary>
    public static string Normalize(string value) => string.Join(' ', QueryPreferences.Words(value));

    /// <summary>The values found in <paramref name="words"/>, longest match first at each position, with their start.</summary>
    public List<(string Value, int Start)> Find(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var found = new List<(string, int)>();
        for (int i = 0; i < words.Count;)
        {
            int matched = 0;
            for (int n = Math.Min(_longest, words.Count - i); n >= 1 && matched == 0; n--)
            {
                string phrase = string.Join(' ', words.Skip(i).Take(n));
                if (_phrases.TryGetValue(phrase, out var value) || (n == 1 && Singular(phrase) is { } one && _phrases.TryGetValue(one, out value)))
                {
                    found.Add((value!, i));
                    matched = n;
                }
            }

            i += Math.Max(matched, 1);
        }

        return found;
    }

    private static string? Singular(string word) =>
        word.Length <= MinimumLength ? null
        : word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith('s') ? word[..^1]
        : null;
}
