using System.Runtime.InteropServices;
using System.Text;
using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>
/// A loaded GGUF model: weights, vocabulary and chat template. Thread-safe for tokenisation;
/// inference happens in <see cref="LlamaContext"/>s created from it.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly nint _vocab;
    private readonly Dictionary<string, string> _metadata;
    private TokenUtf8Table? _utf8Table;

    private LlamaModel(string path, SafeLlamaModelHandle handle)
    {
        FilePath = path;
        _handle = handle;
        _vocab = NativeMethods.llama_model_get_vocab(handle);
        _metadata = ReadMetadata(handle);
        ContextLength = NativeMethods.llama_model_n_ctx_train(handle);
        EmbeddingSize = NativeMethods.llama_model_n_embd(handle);
        LayerCount = NativeMethods.llama_model_n_layer(handle);
        HeadCount = NativeMethods.llama_model_n_head(handle);
        HeadCountKv = NativeMethods.llama_model_n_head_kv(handle);
        ParameterCount = NativeMethods.llama_model_n_params(handle);
        SizeBytes = NativeMethods.llama_model_size(handle);
        VocabularySize = NativeMethods.llama_vocab_n_tokens(_vocab);
        BosToken = NativeMethods.llama_vocab_bos(_vocab);
        EosToken = NativeMethods.llama_vocab_eos(_vocab);
        AddsBos = NativeMethods.llama_vocab_get_add_bos(_vocab);
        ChatTemplate = Marshal.PtrToStringUTF8(NativeMethods.llama_model_chat_template(handle, null));
        Description = ReadDescription(handle);
    }

    public string FilePath { get; }

    public string Description { get; }

    public string? Architecture => _metadata.GetValueOrDefault("general.architecture");

    public string? Name => _metadata.GetValueOrDefault("general.name");

    /// <summary>Context length the model was trained with.</summary>
    public int ContextLength { get; }

    public int EmbeddingSize { get; }

    public int LayerCount { get; }

    public int HeadCount { get; }

    public int HeadCountKv { get; }

    public ulong ParameterCount { get; }

    public ulong SizeBytes { get; }

    public int VocabularySize { get; }

    public int BosToken { get; }

    public int EosToken { get; }

    public bool AddsBos { get; }

    /// <summary>The Jinja chat template stored in the GGUF, if any.</summary>
    public string? ChatTemplate { get; }

    /// <summary>Scalar GGUF metadata as llama.cpp renders it (arrays omitted).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    internal SafeLlamaModelHandle Handle => _handle;

    internal nint Vocab => _vocab;

    /// <summary>Token bytes and their UTF-8 validity, built on first use by a sampler.</summary>
    internal TokenUtf8Table Utf8Table => LazyInitializer.EnsureInitialized(ref _utf8Table, () => TokenUtf8Table.Build(this));

    /// <summary>
    /// Loads a GGUF model. The header is validated in managed code first, so a corrupt or truncated
    /// file gives a <see cref="Gguf.GgufFormatException"/> rather than a native abort.
    /// </summary>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new LlamaModelOptions();
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", fullPath);
        }

        ModelFileValidator.Validate(fullPath);
        LlamaBackend.EnsureInitialized();

        var parameters = NativeMethods.llama_model_default_params();
        parameters.GpuLayerCount = options.GpuLayers;
        parameters.LoadMode = (options.UseMemoryMap, options.LockMemory) switch
        {
            (true, true) => 3,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 0,
        };
        parameters.VocabOnly = (byte)(options.VocabularyOnly ? 1 : 0);
        parameters.CheckTensors = (byte)(options.CheckTensors ? 1 : 0);

        var handle = NativeMethods.llama_model_load_from_file(fullPath, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LlamaException($"llama.cpp could not load model '{path}': {LlamaBackend.LastNativeError ?? "no reason given"}.");
        }

        return new LlamaModel(fullPath, handle);
    }

    /// <summary>Creates an inference context over this model.</summary>
    public LlamaContext CreateContext(LlamaContextOptions? options = null) => LlamaContext.Create(this, options ?? new LlamaContextOptions());

    /// <summary>Loads a LoRA adapter GGUF for this model; apply it to a context with <see cref="LlamaContext.SetLoraAdapters"/>.</summary>
    public LlamaLoraAdapter LoadLoraAdapter(string path) => LlamaLoraAdapter.Load(this, path);

    public bool IsEndOfGeneration(int token) => NativeMethods.llama_vocab_is_eog(_vocab, token);

    public bool IsControlToken(int token) => NativeMethods.llama_vocab_is_control(_vocab, token);

    /// <summary>The raw text of a vocabulary entry (e.g. "▁the", "&lt;0x0A&gt;").</summary>
    public string TokenText(int token)
    {
        ValidateToken(token);
        return Marshal.PtrToStringUTF8(NativeMethods.llama_vocab_get_text(_vocab, token)) ?? string.Empty;
    }

    /// <summary>Tokenises UTF-8 text. <paramref name="addSpecial"/> adds BOS when the model wants it;
    /// <paramref name="parseSpecial"/> turns control-token text (e.g. &lt;|im_end|&gt;) into those tokens.</summary>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var capacity = bytes.Length + 8;
        while (true)
        {
            var tokens = new int[capacity];
            int count;
            unsafe
            {
                fixed (byte* textPtr = bytes)
                fixed (int* tokensPtr = tokens)
                {
                    count = NativeMethods.llama_tokenize(_vocab, textPtr, bytes.Length, tokensPtr, tokens.Length, addSpecial, parseSpecial);
                }
            }

            GC.KeepAlive(this);
            if (count == int.MinValue)
            {
                throw new LlamaException($"Tokenising {bytes.Length} bytes overflowed llama.cpp's token count.");
            }

            if (count >= 0)
            {
                return count == tokens.Length ? tokens : tokens[..count];
            }

            capacity = -count;
        }
    }

    /// <summary>The bytes one token stands for (may be part of a UTF-8 character).</summary>
    public byte[] TokenToPiece(int token, bool renderSpecial = false)
    {
        ValidateToken(token);
        Span<byte> buffer = stackalloc byte[64];
        int length;
        unsafe
        {
            fixed (byte* ptr = buffer)
            {
                length = NativeMethods.llama_token_to_piece(_vocab, token, ptr, buffer.Length, 0, renderSpecial);
            }
        }

        if (length >= 0)
        {
            return buffer[..length].ToArray();
        }

        var large = new byte[-length];
        unsafe
        {
            fixed (byte* ptr = large)
            {
                length = NativeMethods.llama_token_to_piece(_vocab, token, ptr, large.Length, 0, renderSpecial);
            }
        }

        return large[..length];
    }

    /// <summary>Turns tokens back into text (inverse of <see cref="Tokenize"/>).</summary>
    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool renderSpecial = false)
    {
        foreach (var token in tokens)
        {
            ValidateToken(token);
        }

        // llama.cpp keeps the SPM space prefix when it strips BOS itself, which breaks the round trip
        // with Tokenize; strip BOS/EOS here and let it remove the prefix from the first real token.
        if (removeSpecial)
        {
            if (tokens.Length > 0 && tokens[0] == BosToken)
            {
                tokens = tokens[1..];
            }

            if (tokens.Length > 0 && tokens[^1] == EosToken)
            {
                tokens = tokens[..^1];
            }
        }

        var capacity = Math.Max(16, tokens.Length * 8);
        while (true)
        {
            var buffer = new byte[capacity];
            int length;
            unsafe
            {
                fixed (int* tokenPtr = tokens)
                fixed (byte* textPtr = buffer)
                {
                    length = NativeMethods.llama_detokenize(_vocab, tokenPtr, tokens.Length, textPtr, buffer.Length, false, renderSpecial);
                }
            }

            if (length >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            capacity = -length;
        }
    }

    /// <summary>
    /// Formats a conversation with llama.cpp's built-in template matching <paramref name="template"/>
    /// (default: the model's own). Returns null when llama.cpp does not recognise the template.
    /// </summary>
    public string? TryApplyChatTemplate(IReadOnlyList<(string Role, string Content)> messages, bool addAssistantPrefix, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        template ??= ChatTemplate;
        if (template is null)
        {
            return null;
        }

        var handles = new List<GCHandle>();
        try
        {
            var native = new LlamaChatMessageNative[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                native[i] = new LlamaChatMessageNative { Role = Pin(messages[i].Role), Content = Pin(messages[i].Content) };
            }

            var templateBytes = Pin(template);
            var capacity = 256 + messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content) + 32) * 2;
            while (true)
            {
                var buffer = new byte[capacity];
                int length;
                unsafe
                {
                    fixed (LlamaChatMessageNative* messagePtr = native)
                    fixed (byte* bufferPtr = buffer)
                    {
                        length = NativeMethods.llama_chat_apply_template((byte*)templateBytes, messagePtr, (nuint)native.Length, addAssistantPrefix, bufferPtr, buffer.Length);
                    }
                }

                if (length < 0)
                {
                    return null;
                }

                if (length <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                capacity = length;
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }

        nint Pin(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value + "\0");
            var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
            handles.Add(handle);
            return handle.AddrOfPinnedObject();
        }
    }

    public void Dispose() => _handle.Dispose();

    private void ValidateToken(int token)
    {
        if ((uint)token >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token id must be in [0, {VocabularySize}).");
        }
    }

    private static Dictionary<string, string> ReadMetadata(SafeLlamaModelHandle handle)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = NativeMethods.llama_model_meta_count(handle);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString((buffer, size) => { unsafe { fixed (byte* p = buffer) { return NativeMethods.llama_model_meta_key_by_index(handle, i, p, size); } } });
            var value = ReadString((buffer, size) => { unsafe { fixed (byte* p = buffer) { return NativeMethods.llama_model_meta_val_str_by_index(handle, i, p, size); } } });
            if (key is not null && value is not null)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static string ReadDescription(SafeLlamaModelHandle handle) =>
        ReadString((buffer, size) => { unsafe { fixed (byte* p = buffer) { return NativeMethods.llama_model_desc(handle, p, size); } } }) ?? string.Empty;

    // The meta functions return the full length (excluding NUL) even when the buffer is too small.
    private static string? ReadString(Func<byte[], nuint, int> read)
    {
        var buffer = new byte[256];
        var length = read(buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            return null;
        }

        if (length >= buffer.Length)
        {
            buffer = new byte[length + 1];
            length = read(buffer, (nuint)buffer.Length);
        }

        return Encoding.UTF8.GetString(buffer, 0, Math.Min(length, buffer.Length - 1));
    }
}
