using System.Text;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tokenization;

/// <summary>What <see cref="SentencePieceBpeTrainer.Train"/> learned: the vocabulary, the merges behind it and
/// corpus counts. A class rather than a record because it keeps a merge-rank index for <see cref="ApplyMerges"/>.</summary>
public sealed class BpeTrainingResult
{
    private readonly Dictionary<(string, string), int> _ranks;

    public BpeTrainingResult(TrainedVocabulary vocabulary, IReadOnlyList<BpeMerge> merges, IReadOnlyList<string> byteFallbackCharacters,
        long textCount, long wordCount, int distinctWords)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(merges);
        ArgumentNullException.ThrowIfNull(byteFallbackCharacters);
        Vocabulary = vocabulary;
        Merges = merges;
        ByteFallbackCharacters = byteFallbackCharacters;
        TextCount = textCount;
        WordCount = wordCount;
        DistinctWords = distinctWords;
        _ranks = BuildRanks(merges);
    }

    /// <summary>The vocabulary, ready for a GGUF or a JSON file.</summary>
    public TrainedVocabulary Vocabulary { get; }

    /// <summary>Every merge in learned order (a merge whose result was already a piece adds no token).</summary>
    public IReadOnlyList<BpeMerge> Merges { get; }

    /// <summary>Characters seen but left out by the coverage, most frequent first; they are written as UTF-8 byte tokens.</summary>
    public IReadOnlyList<string> ByteFallbackCharacters { get; }

    /// <summary>Texts read.</summary>
    public long TextCount { get; }

    /// <summary>Words read (a word is "▁" plus a run of letters, digits or punctuation; see the trainer).</summary>
    public long WordCount { get; }

    /// <summary>Different words.</summary>
    public int DistinctWords { get; }

    /// <summary>
    /// The trainer's own segmentation: the text normalised and cut into words as in training, each word's
    /// characters merged by the learned merges, earliest first; characters without a piece become byte pieces
    /// ("&lt;0xC3&gt;"). Agrees with <see cref="TrainedVocabulary.Segment"/> (and llama.cpp) except where a
    /// piece can also be reached by a split the merges never made.
    /// </summary>
    public IReadOnlyList<string> ApplyMerges(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        if (text.Length == 0)
        {
            return pieces;
        }
        var normalized = SpmText.Normalize(text);
        var symbols = new List<string>();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var (start, length) in SpmText.Words(normalized))
        {
            foreach (var rune in normalized.AsSpan(start, length).EnumerateRunes())
            {
                var character = rune.ToString();
                if (Vocabulary.FindToken(character) is not null)
                {
                    symbols.Add(character);
                    continue;
                }
                MergeInto(pieces, symbols);
                foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
                {
                    pieces.Add(Vocabulary.Tokens[SyntheticVocabulary.ByteTokenId(b)]);
                }
            }
            MergeInto(pieces, symbols);
        }
        return pieces;
    }

    private void MergeInto(List<string> pieces, List<string> symbols)
    {
        while (symbols.Count >= 2)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    (best, bestRank) = (i, rank);
                }
            }
            if (best < 0)
            {
                break;
            }
            var (left, right) = (symbols[best], symbols[best + 1]);
            for (var i = best; i + 1 < symbols.Count; i++)
            {
                if (symbols[i] == left && symbols[i + 1] == right)
                {
                    symbols[i] = left + right;
                    symbols.RemoveAt(i + 1);
                }
            }
        }
        pieces.AddRange(symbols);
        symbols.Clear();
    }

    private static Dictionary<(string, string), int> BuildRanks(IReadOnlyList<BpeMerge> merges)
    {
        var ranks = new Dictionary<(string, string), int>();
        for (var i = 0; i < merges.Count; i++)
        {
            ranks.TryAdd((merges[i].Left, merges[i].Right), i);
        }
        return ranks;
    }
}
