namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Lower-case words and numbers (maximal runs of letters or digits), stop words removed, optionally followed by the
/// bigrams of adjacent remaining words. Single letters and one- or two-digit numbers (counts, sequel numbers) are
/// dropped: they relate unrelated texts. Longer numbers (years, model numbers) are kept.
/// </summary>
internal sealed class TextTokenizer
{
    private readonly HashSet<string> _stopWords;

    public TextTokenizer(bool bigrams, IEnumerable<string>? stopWords)
    {
        Bigrams = bigrams;
        _stopWords = new HashSet<string>(
            (stopWords ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim().ToLowerInvariant()),
            StringComparer.Ordinal);
    }

    public bool Bigrams { get; }

    /// <summary>The stop words, sorted, as the model file stores them.</summary>
    public IReadOnlyList<string> StopWords => [.. _stopWords.Order(StringComparer.Ordinal)];

    public List<string> Tokenize(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                AddWord(words, text.AsSpan(start, i - start));
                start = -1;
            }
        }

        if (Bigrams)
        {
            int unigrams = words.Count;
            for (int i = 1; i < unigrams; i++)
            {
                words.Add(string.Concat(words[i - 1], " ", words[i]));
            }
        }

        return words;
    }

    private void AddWord(List<string> words, ReadOnlySpan<char> raw)
    {
        if (raw.Length == 1 || (raw.Length == 2 && char.IsAsciiDigit(raw[0]) && char.IsAsciiDigit(raw[1])))
        {
            return;
        }

        string word = raw.ToString().ToLowerInvariant();
        if (!_stopWords.Contains(word))
        {
            words.Add(word);
        }
    }
}
