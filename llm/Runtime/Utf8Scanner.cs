namespace AgentRec.Llm.Runtime;

/// <summary>
/// Incremental UTF-8 well-formedness check (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
/// The state is the number of continuation bytes still expected and the range the next one must fall in.
/// </summary>
internal readonly record struct Utf8Scanner(byte Pending, byte Low, byte High)
{
    public static Utf8Scanner Start { get; } = new(0, 0x80, 0xBF);

    public bool InsideCodePoint => Pending > 0;

    /// <summary>Advances over <paramref name="bytes"/>; false if they cannot continue well-formed UTF-8 from this state.</summary>
    public bool TryAdvance(ReadOnlySpan<byte> bytes, out Utf8Scanner next)
    {
        var state = this;
        foreach (var b in bytes)
        {
            if (state.Pending > 0)
            {
                if (b < state.Low || b > state.High)
                {
                    next = Start;
                    return false;
                }

                state = new Utf8Scanner((byte)(state.Pending - 1), 0x80, 0xBF);
                continue;
            }

            switch (b)
            {
                case < 0x80:
                    break;
                case >= 0xC2 and <= 0xDF:
                    state = new Utf8Scanner(1, 0x80, 0xBF);
                    break;
                case 0xE0:
                    state = new Utf8Scanner(2, 0xA0, 0xBF);
                    break;
                case 0xED:
                    state = new Utf8Scanner(2, 0x80, 0x9F);
                    break;
                case >= 0xE1 and <= 0xEF:
                    state = new Utf8Scanner(2, 0x80, 0xBF);
                    break;
                case 0xF0:
                    state = new Utf8Scanner(3, 0x90, 0xBF);
                    break;
                case >= 0xF1 and <= 0xF3:
                    state = new Utf8Scanner(3, 0x80, 0xBF);
                    break;
                case 0xF4:
                    state = new Utf8Scanner(3, 0x80, 0x8F);
                    break;
                default:
                    // 0x80-0xC1 as a lead byte, or 0xF5-0xFF: never well-formed.
                    next = Start;
                    return false;
            }
        }

        next = state;
        return true;
    }
}

/// <summary>Every token's text bytes and whether it is well-formed UTF-8 on its own (computed once per model).</summary>
internal sealed class TokenUtf8Table
{
    private readonly byte[][] _pieces;
    private readonly bool[] _validFromStart;

    private TokenUtf8Table(byte[][] pieces, bool[] validFromStart)
    {
        _pieces = pieces;
        _validFromStart = validFromStart;
        InvalidFromStart = [.. Enumerable.Range(0, validFromStart.Length).Where(t => !validFromStart[t])];
    }

    /// <summary>Tokens that can never start well-formed text (stray byte-fallback tokens and the like); usually a few hundred.</summary>
    public int[] InvalidFromStart { get; }

    public static TokenUtf8Table Build(LlamaModel model)
    {
        int n = model.VocabularySize;
        var pieces = new byte[n][];
        var valid = new bool[n];
        for (int token = 0; token < n; token++)
        {
            pieces[token] = model.TokenToPiece(token);
            valid[token] = Utf8Scanner.Start.TryAdvance(pieces[token], out _);
        }

        return new TokenUtf8Table(pieces, valid);
    }

    public int Count => _pieces.Length;

    public ReadOnlySpan<byte> Piece(int token) => _pieces[token];

    /// <summary>Whether <paramref name="token"/> may follow text that left the scanner in <paramref name="state"/>.</summary>
    public bool Allows(Utf8Scanner state, int token)
    {
        if (!state.InsideCodePoint)
        {
            return _validFromStart[token];
        }

        // Inside a code point only a token that continues it is acceptable (an empty piece would end the text mid-character).
        var piece = _pieces[token];
        return piece.Length > 0 && state.TryAdvance(piece, out _);
    }
}
