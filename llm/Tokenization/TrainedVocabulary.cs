using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tokenization;

/// <summary>
/// A SentencePiece-style ("llama") vocabulary learned by <see cref="SentencePieceBpeTrainer"/>. It has the
/// control tokens, byte tokens, EOS and ChatML template of <see cref="SyntheticVocabulary"/> at the same ids,
/// so a model written with it works with the same chat stack; after them come "▁", the corpus's characters
/// and the merged pieces, scored so that llama.cpp's SPM tokenizer (highest score joined first) replays the
/// learned merges. <see cref="Encode"/> is the C# twin of that tokenizer. Saved on its own as a small JSON
/// file (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
/// <remarks>
/// Why SPM rather than a byte-level BPE: llama.cpp's SPM tokenizer has no regex pre-tokenizer, so there is
/// no pre-tokenizer name to register and no regex to mirror in C# — its whole behaviour is "add a leading
/// space, spaces become ▁, join by score" — and byte fallback makes every string round-trip exactly while
/// the rare characters cost no vocabulary slots.
/// </remarks>
public sealed class TrainedVocabulary : ILlamaVocabulary
{
    /// <summary>The <c>format</c> field of a saved vocabulary.</summary>
    public const string FileFormat = "agentrec-spm-vocabulary";

    public const int FileVersion = 1;

    /// <summary>Control and byte tokens plus "▁".</summary>
    public const int MinimumSize = SentencePieceBpeOptions.ReservedTokens + 1;

    private static readonly string[] ControlTokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"];

    private readonly string[] _tokens;
    private readonly float[] _scores;
    private readonly LlamaTokenType[] _types;
    private readonly SpmEncoder _encoder;

    private TrainedVocabulary(string[] tokens, float[] scores, LlamaTokenType[] types)
    {
        _tokens = tokens;
        _scores = scores;
        _types = types;
        _encoder = new SpmEncoder(tokens, scores);
    }

    public int Count => _tokens.Length;

    public IReadOnlyList<string> Tokens => Array.AsReadOnly(_tokens);

    public IReadOnlyList<float> Scores => Array.AsReadOnly(_scores);

    public IReadOnlyList<LlamaTokenType> TokenTypes => Array.AsReadOnly(_types);

    /// <summary><c>&lt;|im_end|&gt;</c>, as in <see cref="SyntheticVocabulary"/>.</summary>
    public int EosTokenId => SyntheticVocabulary.ImEndTokenId;

    /// <summary>
    /// Checks and wraps vocabulary data: the control tokens at ids 0–4 and the 256 byte tokens after them (as
    /// <see cref="SyntheticVocabulary"/> has them), then unique non-empty normal pieces including "▁", with
    /// finite scores. Throws <see cref="VocabularyFormatException"/> naming the entry at fault.
    /// </summary>
    public static TrainedVocabulary Create(IReadOnlyList<string> tokens, IReadOnlyList<float> scores, IReadOnlyList<LlamaTokenType> types)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(types);
        return Validated("vocabulary data", [.. tokens], [.. scores], [.. types]);
    }

    /// <summary>Token id of a piece's exact text ("▁the", "&lt;0x0A&gt;"), or null.</summary>
    public int? FindToken(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        return _encoder.TryGetId(piece, out var id) ? id : null;
    }

    /// <summary>Tokenises <paramref name="text"/> exactly as llama.cpp does with this vocabulary (no BOS, no special-token parsing).</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. _encoder.Encode(text)];
    }

    /// <summary>The pieces of <see cref="Encode"/>, e.g. ["▁Am", "é", "lie"].</summary>
    public IReadOnlyList<string> Segment(string text) => Encode(text).Select(id => _tokens[id]).ToArray();

    /// <summary>Text of token ids: "▁" becomes a space, byte tokens are joined into UTF-8, control tokens are
    /// dropped, and the leading space <see cref="Encode"/> added is removed.</summary>
    public string Decode(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var bytes = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var id in tokens)
        {
            if ((uint)id >= (uint)_tokens.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token ids run from 0 to {_tokens.Length - 1}.");
            }
            switch (_types[id])
            {
                case LlamaTokenType.Byte:
                    bytes.Add((byte)(id - SyntheticVocabulary.FirstByteTokenId));
                    break;
                case LlamaTokenType.Normal:
                    foreach (var rune in _tokens[id].EnumerateRunes())
                    {
                        var written = (rune.Value == SpmText.WordBoundary ? new Rune(' ') : rune).EncodeToUtf8(buffer);
                        bytes.AddRange(buffer[..written]);
                    }
                    break;
            }
        }
        var skip = bytes.Count > 0 && bytes[0] == (byte)' ' ? 1 : 0;
        return Encoding.UTF8.GetString([.. bytes.Skip(skip)]);
    }

    /// <summary>Adds the tokenizer metadata llama.cpp reads for an SPM vocabulary, plus the ChatML template.</summary>
    public void WriteTo(GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SpmVocabularyMetadata.Write(writer, _tokens, _scores, _types);
    }

    /// <summary>Writes the vocabulary as JSON, atomically (a temporary file beside <paramref name="path"/>, then renamed over it).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // Relaxed escaping keeps "▁" and accented pieces readable in the file.
                using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    json.WriteStartObject();
                    json.WriteString("format", FileFormat);
                    json.WriteNumber("version", FileVersion);
                    json.WriteString("model", "llama");
                    json.WriteStartArray("tokens");
                    foreach (var token in _tokens)
                    {
                        json.WriteStringValue(token);
                    }
                    json.WriteEndArray();
                    json.WriteStartArray("scores");
                    foreach (var score in _scores)
                    {
                        json.WriteNumberValue(score);
                    }
                    json.WriteEndArray();
                    json.WriteStartArray("types");
                    foreach (var type in _types)
                    {
                        json.WriteNumberValue((int)type);
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The write already failed; that is the error worth reporting.
            }
            throw;
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a malformed one throws <see cref="VocabularyFormatException"/> naming the file and field.</summary>
    public static TrainedVocabulary Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new VocabularyFormatException(path, null,
                $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new VocabularyFormatException(path, null, $"must hold a JSON object, not {Describe(root)}");
            }
            var format = Property(path, root, "format", JsonValueKind.String).GetString();
            if (format != FileFormat)
            {
                throw new VocabularyFormatException(path, "format", $"must be \"{FileFormat}\", not \"{format}\"");
            }
            var version = Property(path, root, "version", JsonValueKind.Number);
            if (!version.TryGetInt32(out var v) || v != FileVersion)
            {
                throw new VocabularyFormatException(path, "version", $"{version.GetRawText()} is not supported (this build reads version {FileVersion})");
            }
            var model = Property(path, root, "model", JsonValueKind.String).GetString();
            if (model != "llama")
            {
                throw new VocabularyFormatException(path, "model", $"must be \"llama\" (SentencePiece), not \"{model}\"");
            }

            var tokens = ReadArray(path, root, "tokens", JsonValueKind.String, (e, _) => e.GetString()!);
            var scores = ReadArray(path, root, "scores", JsonValueKind.Number, (e, field) =>
                e.TryGetSingle(out var s) && float.IsFinite(s) ? s : throw new VocabularyFormatException(path, field, $"{e.GetRawText()} is not a finite float"));
            var types = ReadArray(path, root, "types", JsonValueKind.Number, (e, field) =>
                e.TryGetInt32(out var t) && Enum.IsDefined((LlamaTokenType)t) ? (LlamaTokenType)t
                    : throw new VocabularyFormatException(path, field, $"{e.GetRawText()} is not a llama token type (0–6)"));
            return Validated(path, tokens, scores, types);
        }
    }

    private static TrainedVocabulary Validated(string source, string[] tokens, float[] scores, LlamaTokenType[] types)
    {
        if (tokens.Length < MinimumSize)
        {
            throw new VocabularyFormatException(source, "tokens", $"has {tokens.Length} entries; a vocabulary needs at least {MinimumSize} (control, byte and \"▁\" tokens)");
        }
        if (scores.Length != tokens.Length)
        {
            throw new VocabularyFormatException(source, "scores", $"has {scores.Length} entries but tokens has {tokens.Length}");
        }
        if (types.Length != tokens.Length)
        {
            throw new VocabularyFormatException(source, "types", $"has {types.Length} entries but tokens has {tokens.Length}");
        }
        var seen = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length; id++)
        {
            var (text, type) = Expected(id);
            var token = tokens[id];
            if (text is not null && (token != text || types[id] != type))
            {
                throw new VocabularyFormatException(source, $"tokens[{id}]", $"must be \"{text}\" ({type}), not \"{token}\" ({types[id]})");
            }
            if (text is null && types[id] != LlamaTokenType.Normal)
            {
                throw new VocabularyFormatException(source, $"types[{id}]", $"must be Normal for the learned piece \"{token}\", not {types[id]}");
            }
            if (token is null || token.Length == 0)
            {
                throw new VocabularyFormatException(source, $"tokens[{id}]", "is empty");
            }
            if (!float.IsFinite(scores[id]))
            {
                throw new VocabularyFormatException(source, $"scores[{id}]", $"{scores[id]} is not finite");
            }
            if (!seen.TryAdd(token, id))
            {
                throw new VocabularyFormatException(source, $"tokens[{id}]", $"\"{token}\" repeats tokens[{seen[token]}]");
            }
        }
        if (!seen.ContainsKey(SyntheticVocabulary.WordBoundary))
        {
            throw new VocabularyFormatException(source, "tokens", "lacks the word-boundary piece \"▁\"");
        }
        return new TrainedVocabulary(tokens, scores, types);
    }

    private static (string? Text, LlamaTokenType Type) Expected(int id) => id switch
    {
        < SyntheticVocabulary.FirstByteTokenId => (ControlTokens[id], id == SyntheticVocabulary.UnknownTokenId ? LlamaTokenType.Unknown : LlamaTokenType.Control),
        < SentencePieceBpeOptions.ReservedTokens => (string.Create(CultureInfo.InvariantCulture, $"<0x{id - SyntheticVocabulary.FirstByteTokenId:X2}>"), LlamaTokenType.Byte),
        _ => (null, LlamaTokenType.Normal),
    };

    private static JsonElement Property(string path, JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            throw new VocabularyFormatException(path, name, "is missing");
        }
        if (value.ValueKind != kind)
        {
            throw new VocabularyFormatException(path, name, $"must be {Describe(kind)}, not {Describe(value)}");
        }
        return value;
    }

    private static T[] ReadArray<T>(string path, JsonElement root, string name, JsonValueKind elementKind, Func<JsonElement, string, T> read)
    {
        var array = Property(path, root, name, JsonValueKind.Array);
        var values = new T[array.GetArrayLength()];
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var field = $"{name}[{index}]";
            if (element.ValueKind != elementKind)
            {
                throw new VocabularyFormatException(path, field, $"must be {Describe(elementKind)}, not {Describe(element)}");
            }
            values[index++] = read(element, field);
        }
        return values;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => $"{Describe(element.ValueKind)} {element.GetRawText()}",
        _ => Describe(element.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a bool",
        _ => "null",
    };
}
