using System.Text;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tokenization;

/// <summary>
/// The C# twin of llama.cpp's SPM tokenizer session: split the normalised text into characters, then keep
/// joining the adjacent pair whose joined text is a token with the highest score (the leftmost on ties);
/// characters that never became a token are written as their UTF-8 byte tokens.
/// </summary>
internal sealed class SpmEncoder
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly IReadOnlyList<float> _scores;

    public SpmEncoder(IReadOnlyList<string> tokens, IReadOnlyList<float> scores)
    {
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var id = 0; id < tokens.Count; id++)
        {
            _ids.TryAdd(tokens[id], id);
        }
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _scores = scores;
    }

    public bool TryGetId(ReadOnlySpan<char> piece, out int id) => _lookup.TryGetValue(piece, out id);

    public List<int> Encode(string text)
    {
        var output = new List<int>(text.Length / 3 + 2);
        if (text.Length == 0)
        {
            return output;
        }
        var normalized = SpmText.Normalize(text);

        var start = new List<int>(normalized.Length);
        var length = new List<int>(normalized.Length);
        for (var i = 0; i < normalized.Length;)
        {
            Rune.DecodeFromUtf16(normalized.AsSpan(i), out _, out var width);
            start.Add(i);
            length.Add(width);
            i += width;
        }
        var count = start.Count;
        var previous = new int[count];
        var next = new int[count];
        for (var i = 0; i < count; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }

        var queue = new PriorityQueue<Bigram, Bigram>(BigramOrder.Instance);
        for (var i = 1; i < count; i++)
        {
            TryAdd(i - 1, i);
        }
        while (queue.TryDequeue(out var bigram, out _))
        {
            // A bigram whose symbols changed since it was queued is stale, as in llama.cpp.
            if (length[bigram.Left] == 0 || length[bigram.Right] == 0 || length[bigram.Left] + length[bigram.Right] != bigram.Size)
            {
                continue;
            }
            length[bigram.Left] += length[bigram.Right];
            length[bigram.Right] = 0;
            next[bigram.Left] = next[bigram.Right];
            if (next[bigram.Right] >= 0)
            {
                previous[next[bigram.Right]] = bigram.Left;
            }
            TryAdd(previous[bigram.Left], bigram.Left);
            TryAdd(bigram.Left, next[bigram.Left]);
        }

        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i >= 0; i = next[i])
        {
            var symbol = normalized.AsSpan(start[i], length[i]);
            if (_lookup.TryGetValue(symbol, out var id))
            {
                output.Add(id);
                continue;
            }
            // Only single characters can be unknown: joined symbols are tokens by construction.
            var written = Encoding.UTF8.GetBytes(symbol, bytes);
            foreach (var b in bytes[..written])
            {
                output.Add(SyntheticVocabulary.ByteTokenId(b));
            }
        }
        return output;

        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }
            var size = length[left] + length[right];
            if (_lookup.TryGetValue(normalized.AsSpan(start[left], size), out var id))
            {
                var bigram = new Bigram(left, right, _scores[id], size);
                queue.Enqueue(bigram, bigram);
            }
        }
    }

    private readonly record struct Bigram(int Left, int Right, float Score, int Size);

    // Highest score first, then the leftmost pair (llama.cpp's comparator).
    private sealed class BigramOrder : IComparer<Bigram>
    {
        public static readonly BigramOrder Instance = new();

        public int Compare(Bigram x, Bigram y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Left.CompareTo(y.Left);
        }
    }
}
