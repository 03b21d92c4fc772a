namespace AgentRec.Llm.Gguf;

/// <summary>
/// Metadata keys llama.cpp reads (names as in its <c>llama-arch.cpp</c>). Per-architecture keys take the
/// value of <c>general.architecture</c> as prefix, e.g. <c>llama.context_length</c>.
/// </summary>
public static class GgufKeys
{
    public const uint DefaultAlignment = 32;

    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string FileType = "general.file_type";
    public const string Alignment = "general.alignment";
    public const string QuantizationVersion = "general.quantization_version";

    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string Tokens = "tokenizer.ggml.tokens";
    public const string TokenScores = "tokenizer.ggml.scores";
    public const string TokenTypes = "tokenizer.ggml.token_type";
    public const string Merges = "tokenizer.ggml.merges";
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    public const string UnknownTokenId = "tokenizer.ggml.unknown_token_id";
    public const string PaddingTokenId = "tokenizer.ggml.padding_token_id";
    public const string AddBosToken = "tokenizer.ggml.add_bos_token";
    public const string AddEosToken = "tokenizer.ggml.add_eos_token";
    public const string ChatTemplate = "tokenizer.chat_template";

    public static string VocabularySize(string architecture) => Key(architecture, "vocab_size");
    public static string ContextLength(string architecture) => Key(architecture, "context_length");
    public static string EmbeddingLength(string architecture) => Key(architecture, "embedding_length");
    public static string BlockCount(string architecture) => Key(architecture, "block_count");
    public static string FeedForwardLength(string architecture) => Key(architecture, "feed_forward_length");
    public static string HeadCount(string architecture) => Key(architecture, "attention.head_count");
    public static string HeadCountKv(string architecture) => Key(architecture, "attention.head_count_kv");
    public static string RmsNormEpsilon(string architecture) => Key(architecture, "attention.layer_norm_rms_epsilon");
    public static string RopeFreqBase(string architecture) => Key(architecture, "rope.freq_base");
    public static string RopeDimensionCount(string architecture) => Key(architecture, "rope.dimension_count");

    private static string Key(string architecture, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        return $"{architecture}.{suffix}";
    }
}
