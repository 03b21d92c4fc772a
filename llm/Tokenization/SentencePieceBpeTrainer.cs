using System.Runtime.InteropServices;
using System.Text;
using AgentRec.Llm.Gguf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Llm.Tokenization;

/// <summary>
/// Learns a <see cref="TrainedVocabulary"/> from text by byte-pair encoding, the SentencePiece way: texts
/// get a leading space and "▁" for every space, are cut into words (<see cref="SpmText"/>), the characters
/// covering <see cref="SentencePieceBpeOptions.CharacterCoverage"/> of the text become pieces (the rest
/// falls back to byte tokens), and then the most frequent adjacent pair is merged until the vocabulary is
/// full. Ties go to the pair of earlier-learned pieces, so the same corpus always gives the same vocabulary.
/// Pair counts are updated incrementally — only words holding the merged pair are rewritten — so a merge
/// costs time in proportion to where the pair occurs, not to the corpus.
/// </summary>
/// <remarks>
/// Each merged piece scores below every earlier one; llama.cpp's SPM tokenizer joins the highest-scoring
/// adjacent pair first and so replays the merges in learned order. (It joins any two symbols whose text is a
/// token, so where a piece can also be reached by another split its result may differ from applying the
/// merges — as with SentencePiece's own BPE models; <see cref="BpeTrainingResult.ApplyMerges"/> shows the
/// merge view, <see cref="TrainedVocabulary.Encode"/> the llama.cpp view.)
/// </remarks>
public sealed partial class SentencePieceBpeTrainer
{
    private const int CountingReportInterval = 4096;
    private const int MergingReportInterval = 128;

    private readonly SentencePieceBpeOptions _options;
    private readonly ILogger _logger;

    public SentencePieceBpeTrainer(SentencePieceBpeOptions? options = null, ILogger<SentencePieceBpeTrainer>? logger = null)
    {
        _options = options ?? new SentencePieceBpeOptions();
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public SentencePieceBpeOptions Options => _options;

    /// <summary>Learns a vocabulary from <paramref name="corpus"/> (enumerated once; each string is a text such as a plot or an utterance).</summary>
    public BpeTrainingResult Train(IEnumerable<string> corpus, IProgress<BpeTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var (wordCounts, textCount) = CountWords(corpus, progress, cancellationToken);
        var characterCounts = CountCharacters(wordCounts);
        var (characters, fallback) = ChooseCharacters(characterCounts);
        var reserved = SentencePieceBpeOptions.ReservedTokens + characters.Count;
        if (reserved >= _options.VocabularySize)
        {
            throw new ArgumentException(
                $"The corpus needs {characters.Count} character pieces, which with the {SentencePieceBpeOptions.ReservedTokens} control and byte tokens " +
                $"fill a vocabulary of {_options.VocabularySize}; raise VocabularySize or lower CharacterCoverage ({_options.CharacterCoverage}).", nameof(corpus));
        }

        var symbols = new SymbolTable(characters);
        var words = BuildWords(wordCounts, symbols);
        var merges = Merge(words, symbols, _options.VocabularySize - reserved, progress, cancellationToken);

        var tokens = new List<string>(_options.VocabularySize) { "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>" };
        var types = new List<LlamaTokenType> { LlamaTokenType.Unknown, LlamaTokenType.Control, LlamaTokenType.Control, LlamaTokenType.Control, LlamaTokenType.Control };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(LlamaTokenType.Byte);
        }
        var scores = new List<float>(Enumerable.Repeat(0f, tokens.Count));
        // Normal pieces score lower the later they come: characters first (their score is never used, as
        // llama.cpp only scores joined pairs), then merged pieces in the order they were learned.
        for (var id = 0; id < symbols.Count; id++)
        {
            tokens.Add(symbols.Text(id));
            types.Add(LlamaTokenType.Normal);
            scores.Add(-(id + 1));
        }
        var vocabulary = TrainedVocabulary.Create(tokens, scores, types);

        LogTrained(_logger, vocabulary.Count, _options.VocabularySize, characters.Count, fallback.Count, merges.Count, wordCounts.Count, textCount);
        progress?.Report(new BpeTrainingProgress(BpeTrainingStage.Done, vocabulary.Count, _options.VocabularySize));
        return new BpeTrainingResult(vocabulary, merges, fallback, textCount, wordCounts.Values.Sum(), wordCounts.Count);
    }

    private static (Dictionary<string, long> Counts, long Texts) CountWords(IEnumerable<string> corpus, IProgress<BpeTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        long texts = 0;
        foreach (var text in corpus)
        {
            if (text is null)
            {
                throw new ArgumentException($"Corpus text {texts} is null.", nameof(corpus));
            }
            if (++texts % CountingReportInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new BpeTrainingProgress(BpeTrainingStage.Counting, texts, null));
            }
            if (text.Length == 0)
            {
                continue;
            }
            var normalized = SpmText.Normalize(text);
            foreach (var (start, length) in SpmText.Words(normalized))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, normalized.AsSpan(start, length), out _)++;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new BpeTrainingProgress(BpeTrainingStage.Counting, texts, null));
        return (counts, texts);
    }

    private static Dictionary<int, long> CountCharacters(Dictionary<string, long> wordCounts)
    {
        var counts = new Dictionary<int, long>();
        foreach (var (word, count) in wordCounts)
        {
            foreach (var rune in word.EnumerateRunes())
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, rune.Value, out _) += count;
            }
        }
        return counts;
    }

    // The most frequent characters up to the coverage, plus "▁" and printable ASCII so that plain English
    // never needs byte tokens; the rest are left to byte fallback.
    private (List<string> Pieces, List<string> Fallback) ChooseCharacters(Dictionary<int, long> counts)
    {
        var total = counts.Values.Sum();
        var budget = _options.CharacterCoverage * total;
        var pieces = new List<string> { SyntheticVocabulary.WordBoundary };
        var fallback = new List<string>();
        long covered = 0;
        foreach (var (value, count) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key))
        {
            var always = value == SpmText.WordBoundary || value is >= 0x21 and <= 0x7E;
            if (always || covered < budget)
            {
                if (value != SpmText.WordBoundary)
                {
                    pieces.Add(char.ConvertFromUtf32(value));
                }
            }
            else
            {
                fallback.Add(char.ConvertFromUtf32(value));
            }
            covered += count;
        }
        for (var c = 0x21; c <= 0x7E; c++)
        {
            if (!counts.ContainsKey(c))
            {
                pieces.Add(((char)c).ToString());
            }
        }
        return (pieces, fallback);
    }

    // Words in ordinal order (so ids never depend on hash order), split where a byte-fallback character stands.
    private static List<Word> BuildWords(Dictionary<string, long> wordCounts, SymbolTable symbols)
    {
        var words = new List<Word>(wordCounts.Count);
        var current = new List<int>(32);
        foreach (var word in wordCounts.Keys.Order(StringComparer.Ordinal))
        {
            var count = wordCounts[word];
            foreach (var rune in word.EnumerateRunes())
            {
                if (symbols.TryGetCharacter(rune, out var id))
                {
                    current.Add(id);
                    continue;
                }
                Flush();
            }
            Flush();

            void Flush()
            {
                if (current.Count >= 2)
                {
                    words.Add(new Word([.. current], count));
                }
                current.Clear();
            }
        }
        return words;
    }

    private List<BpeMerge> Merge(List<Word> words, SymbolTable symbols, int wanted, IProgress<BpeTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<long, long>();
        var occurrences = new Dictionary<long, List<int>>();
        for (var w = 0; w < words.Count; w++)
        {
            var s = words[w].Symbols;
            for (var i = 0; i + 1 < s.Length; i++)
            {
                var key = PairKey(s[i], s[i + 1]);
                CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += words[w].Count;
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(occurrences, key, out _);
                list ??= [];
                if (list.Count == 0 || list[^1] != w)
                {
                    list.Add(w);
                }
            }
        }
        var queue = new PriorityQueue<long, PairRank>(PairRankOrder.Instance);
        foreach (var (key, count) in counts)
        {
            if (count >= _options.MinPairFrequency)
            {
                queue.Enqueue(key, new PairRank(count, key));
            }
        }

        var merges = new List<BpeMerge>();
        var learned = 0;
        var visited = new int[words.Count];
        var delta = new Dictionary<long, long>();
        var rebuilt = new List<int>(32);
        while (learned < wanted && queue.TryDequeue(out var key, out var rank))
        {
            // Queue entries are not removed when a count changes; a stale one no longer matches the count.
            if (!counts.TryGetValue(key, out var count) || count != rank.Count)
            {
                continue;
            }
            if (count < _options.MinPairFrequency)
            {
                break;
            }
            var (left, right) = Unpack(key);
            if (symbols.Length(left) + symbols.Length(right) > _options.MaxPieceLength)
            {
                counts.Remove(key);
                continue;
            }
            var merged = symbols.Intern(symbols.Text(left) + symbols.Text(right), symbols.Length(left) + symbols.Length(right), out var isNew);
            if (isNew)
            {
                learned++;
            }
            merges.Add(new BpeMerge(symbols.Text(left), symbols.Text(right)));
            var stamp = merges.Count;

            delta.Clear();
            foreach (var w in occurrences[key])
            {
                if (visited[w] == stamp)
                {
                    continue;
                }
                visited[w] = stamp;
                var word = words[w];
                var old = word.Symbols;
                rebuilt.Clear();
                for (var i = 0; i < old.Length;)
                {
                    if (i + 1 < old.Length && old[i] == left && old[i + 1] == right)
                    {
                        rebuilt.Add(merged);
                        i += 2;
                    }
                    else
                    {
                        rebuilt.Add(old[i]);
                        i++;
                    }
                }
                if (rebuilt.Count == old.Length)
                {
                    continue;
                }
                for (var i = 0; i + 1 < old.Length; i++)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(delta, PairKey(old[i], old[i + 1]), out _) -= word.Count;
                }
                for (var i = 0; i + 1 < rebuilt.Count; i++)
                {
                    var pair = PairKey(rebuilt[i], rebuilt[i + 1]);
                    CollectionsMarshal.GetValueRefOrAddDefault(delta, pair, out _) += word.Count;
                    if (rebuilt[i] == merged || rebuilt[i + 1] == merged)
                    {
                        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(occurrences, pair, out _);
                        list ??= [];
                        if (list.Count == 0 || list[^1] != w)
                        {
                            list.Add(w);
                        }
                    }
                }
                word.Symbols = [.. rebuilt];
            }
            occurrences.Remove(key);
            foreach (var (pair, change) in delta)
            {
                if (change == 0)
                {
                    continue;
                }
                ref var current = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, pair, out _);
                current += change;
                if (current <= 0)
                {
                    counts.Remove(pair);
                }
                else if (current >= _options.MinPairFrequency)
                {
                    queue.Enqueue(pair, new PairRank(current, pair));
                }
            }

            if (merges.Count % MergingReportInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new BpeTrainingProgress(BpeTrainingStage.Merging, learned, wanted));
            }
        }
        progress?.Report(new BpeTrainingProgress(BpeTrainingStage.Merging, learned, wanted));
        return merges;
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static (int Left, int Right) Unpack(long key) => ((int)(key >> 32), (int)(uint)key);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Trained a {Count}-token SPM vocabulary (asked {Requested}): {Characters} characters ({Fallback} left to byte fallback), {Merges} merges over {Words} distinct words from {Texts} texts")]
    private static partial void LogTrained(ILogger logger, int count, int requested, int characters, int fallback, int merges, int words, long texts);

    private sealed class Word(int[] symbols, long count)
    {
        public int[] Symbols { get; set; } = symbols;

        public long Count { get; } = count;
    }

    private readonly record struct PairRank(long Count, long Key);

    // Most frequent first; on equal counts the pair of lower symbol ids (learned earlier) wins.
    private sealed class PairRankOrder : IComparer<PairRank>
    {
        public static readonly PairRankOrder Instance = new();

        public int Compare(PairRank x, PairRank y)
        {
            var byCount = y.Count.CompareTo(x.Count);
            return byCount != 0 ? byCount : x.Key.CompareTo(y.Key);
        }
    }

    /// <summary>Pieces by id (characters first, then merged pieces as learned), one id per distinct text.</summary>
    private sealed class SymbolTable
    {
        private readonly List<string> _texts = [];
        private readonly List<int> _lengths = [];
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public SymbolTable(IEnumerable<string> characters)
        {
            foreach (var character in characters)
            {
                Intern(character, 1, out _);
            }
        }

        public int Count => _texts.Count;

        public string Text(int id) => _texts[id];

        public int Length(int id) => _lengths[id];

        public bool TryGetCharacter(Rune rune, out int id)
        {
            Span<char> buffer = stackalloc char[2];
            var written = rune.EncodeToUtf16(buffer);
            return _ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..written], out id);
        }

        public int Intern(string text, int length, out bool isNew)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, text, out var exists);
            isNew = !exists;
            if (isNew)
            {
                id = _texts.Count;
                _texts.Add(text);
                _lengths.Add(length);
            }
            return id;
        }
    }
}
