using System.Globalization;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// A deterministic SentencePiece-style ("llama") vocabulary for generated models: control tokens, the 256
/// byte-fallback tokens, single characters, common English words and subwords, then filler pieces up to the
/// requested size. Every multi-character piece is added after all its prefixes and scores fall with the id,
/// so llama.cpp's SPM merges (which join two adjacent pieces only when the joined text is itself a token)
/// can build each word from its characters; anything else falls back to byte tokens, so text always
/// round-trips.
/// </summary>
public sealed class SyntheticVocabulary : ILlamaVocabulary
{
    public const int UnknownTokenId = 0;
    public const int BosTokenId = 1;
    public const int EndOfSentenceTokenId = 2;
    public const int ImStartTokenId = 3;
    public const int ImEndTokenId = 4;
    public const int FirstByteTokenId = 5;

    /// <summary>Control tokens, byte tokens, "▁" and the printable ASCII characters alone and after "▁".</summary>
    public const int MinimumSize = FirstByteTokenId + 256 + 1 + 2 * PrintableAsciiCount;

    /// <summary>Largest vocabulary this generator writes.</summary>
    public const int MaximumSize = 1 << 20;

    /// <summary>SentencePiece's word-boundary mark (U+2581), which stands for a space inside pieces.</summary>
    public const string WordBoundary = "\u2581";

    /// <summary>ChatML as a Jinja template; llama.cpp recognises it by its <c>&lt;|im_start|&gt;</c> marker.</summary>
    public const string ChatMLTemplate =
        "{% for message in messages %}" +
        "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
        "{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const int PrintableAsciiCount = 0x7E - 0x21 + 1;

    // Written for this vocabulary: frequent English words plus the conversational-recommendation domain.
    private const string CommonWords =
        "the of and to a in is it you that he was for on are with as I his they be at one have this from or had by " +
        "not word but what some we can out other were all there when up use your how said an each she which do their " +
        "time if will way about many then them write would like so these her long make thing see him two has look " +
        "more day could go come did number sound no most people my over know water than call first who may down side " +
        "been now find any new work part take get place made live where after back little only round man year came " +
        "show every good me give our under name very through just form sentence great think say help low line differ " +
        "turn cause much mean before move right boy old too same tell does set three want air well also play small end " +
        "put home read hand port large spell add even land here must big high such follow act why ask men change went " +
        "light kind off need house picture try us again animal point mother world near build self earth father head " +
        "stand own page should country found answer school grow study still learn plant cover food sun four between " +
        "state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late " +
        "run while press close night real life few north open seem together next white children begin got walk example " +
        "ease paper group always music those both mark often letter until mile river car feet care second book carry " +
        "took science eat room friend began idea fish mountain stop once base hear horse cut sure watch color face wood " +
        "main enough plain girl usual young ready above ever red list though feel talk bird soon body dog family direct " +
        "leave song measure door product black short class wind question happen complete ship area half rock order fire " +
        "south problem piece told knew pass since top whole king space heard best hour better true during hundred five " +
        "remember step early hold west ground interest reach fast verb sing listen six table travel less morning ten " +
        "simple several toward war lay against pattern slow center love person money serve appear road map rain rule " +
        "movie movies film films series show shows game games book books novel author director actor actress genre " +
        "comedy drama horror thriller romance action adventure fantasy mystery documentary animated classic sequel " +
        "recommend recommendation recommendations suggest suggestion prefer favorite favourite enjoy enjoyed liked " +
        "loved similar something anything maybe perhaps please thanks thank sorry hello hi yes okay sure great " +
        "search item items price cheap rating ratings review reviews star stars brand product products buy bought " +
        "user assistant system answer ask asked looking watched played read reading watching playing";

    private const string CommonSubwords =
        "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro " +
        "ic ne ea ra ce li ch ll be ma si om ur ing ion ent ati for her ter hat tha ere ate his con res ver all ons nce " +
        "men ith ted ers pro thi wit are ess not ive was ect rea com eve per int est sta cti ica ist ear ain one our iti " +
        "s es ed ly er est ing ment ness ful less able ible tion sion ity ous ive al ic ize ise ism ist ship hood dom " +
        "un re in im dis pre post over under out non anti inter sub super trans";

    private static readonly string[] Onsets =
    [
        "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z",
        "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sc", "sh", "sk", "sl", "sm",
        "sn", "sp", "st", "str", "sw", "th", "tr", "wh",
    ];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "y", "ai", "au", "ea", "ee", "ie", "oa", "oo", "ou"];

    private static readonly string[] Codas =
    [
        "", "b", "ck", "d", "f", "g", "k", "l", "ll", "m", "n", "nd", "ng", "nk", "nt", "p", "r", "rd", "rk",
        "rn", "rt", "s", "sh", "ss", "st", "t", "th", "x",
    ];

    private readonly string[] _tokens;
    private readonly float[] _scores;
    private readonly LlamaTokenType[] _types;

    private SyntheticVocabulary(string[] tokens, float[] scores, LlamaTokenType[] types)
    {
        _tokens = tokens;
        _scores = scores;
        _types = types;
    }

    public int Count => _tokens.Length;

    public IReadOnlyList<string> Tokens => Array.AsReadOnly(_tokens);

    public IReadOnlyList<float> Scores => Array.AsReadOnly(_scores);

    public IReadOnlyList<LlamaTokenType> TokenTypes => Array.AsReadOnly(_types);

    /// <summary>End of a generated turn: <c>&lt;|im_end|&gt;</c>, so chat generation stops at the end of a ChatML message.</summary>
    public int EosTokenId => ImEndTokenId;

    /// <summary>The token for byte <paramref name="value"/> (<c>&lt;0x41&gt;</c> for 'A').</summary>
    public static int ByteTokenId(byte value) => FirstByteTokenId + value;

    /// <summary>Builds the vocabulary of exactly <paramref name="size"/> tokens; a smaller size is a prefix of a larger one.</summary>
    public static SyntheticVocabulary Create(int size)
    {
        if (size < MinimumSize || size > MaximumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"A synthetic vocabulary needs {MinimumSize} to {MaximumSize} tokens ({MinimumSize} hold the control, byte and single-character tokens).");
        }
        var builder = new Builder(size);
        builder.Add("<unk>", LlamaTokenType.Unknown);
        builder.Add("<s>", LlamaTokenType.Control);
        builder.Add("</s>", LlamaTokenType.Control);
        builder.Add("<|im_start|>", LlamaTokenType.Control);
        builder.Add("<|im_end|>", LlamaTokenType.Control);
        for (var b = 0; b < 256; b++)
        {
            builder.Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), LlamaTokenType.Byte);
        }
        builder.Add(WordBoundary, LlamaTokenType.Normal);
        for (var c = (char)0x21; c <= 0x7E; c++)
        {
            builder.Add(c.ToString(), LlamaTokenType.Normal);
        }
        for (var c = (char)0x21; c <= 0x7E; c++)
        {
            builder.Add(WordBoundary + c, LlamaTokenType.Normal);
        }

        foreach (var piece in Pieces())
        {
            if (builder.IsFull)
            {
                break;
            }
            builder.AddPiece(piece);
        }
        return builder.Build();
    }

    /// <summary>Adds the tokenizer metadata llama.cpp reads for an SPM vocabulary, plus the ChatML template.</summary>
    public void WriteTo(GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SpmVocabularyMetadata.Write(writer, _tokens, _scores, _types);
    }

    // Normal pieces after the single characters, in vocabulary order; endless, the caller stops when full.
    private static IEnumerable<string> Pieces()
    {
        var words = CommonWords.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            yield return WordBoundary + word;
        }
        foreach (var subword in CommonSubwords.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return subword;
        }
        // Sentence-initial forms of the most frequent words.
        foreach (var word in words.Take(120))
        {
            yield return WordBoundary + char.ToUpperInvariant(word[0]) + word[1..];
        }
        foreach (var word in words)
        {
            yield return word;
        }

        // Filler: pronounceable syllables, then two-syllable words, then numbers (never exhausted).
        foreach (var syllable in Syllables())
        {
            yield return WordBoundary + syllable;
            yield return syllable;
        }
        foreach (var first in Syllables().Where(s => s.Length == 2))
        {
            foreach (var second in Syllables())
            {
                yield return WordBoundary + first + second;
            }
        }
        for (var n = 0L; ; n++)
        {
            yield return WordBoundary + n.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static IEnumerable<string> Syllables()
    {
        foreach (var onset in Onsets)
        {
            foreach (var vowel in Vowels)
            {
                foreach (var coda in Codas)
                {
                    yield return onset + vowel + coda;
                }
            }
        }
    }

    private sealed class Builder(int capacity)
    {
        private readonly List<string> _tokens = new(capacity);
        private readonly List<float> _scores = new(capacity);
        private readonly List<LlamaTokenType> _types = new(capacity);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private int _normalCount;

        public bool IsFull => _tokens.Count == capacity;

        public void Add(string text, LlamaTokenType type)
        {
            if (IsFull || !_seen.Add(text))
            {
                return;
            }
            _tokens.Add(text);
            _types.Add(type);
            // Control and byte tokens score 0 like SentencePiece exports; normal pieces score lower the later they come.
            _scores.Add(type == LlamaTokenType.Normal ? -++_normalCount : 0f);
        }

        // Adds every prefix first so SPM's pairwise merges can reach the piece.
        public void AddPiece(string piece)
        {
            for (var length = 1; length <= piece.Length && !IsFull; length++)
            {
                Add(piece[..length], LlamaTokenType.Normal);
            }
        }

        public SyntheticVocabulary Build() => new([.. _tokens], [.. _scores], [.. _types]);
    }
}
