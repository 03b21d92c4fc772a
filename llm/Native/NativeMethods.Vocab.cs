using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

// The vocabulary pointer is owned by the model; callers keep the model handle alive while using it.
internal static partial class NativeMethods
{
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_n_tokens")]
    internal static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_type")]
    internal static partial int llama_vocab_type(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_bos")]
    internal static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_eos")]
    internal static partial int llama_vocab_eos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_eot")]
    internal static partial int llama_vocab_eot(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_is_eog")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_is_control")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(nint vocab, int token);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_get_add_bos")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_get_text")]
    internal static partial nint llama_vocab_get_text(nint vocab, int token);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_tokenize")]
    internal static unsafe partial int llama_tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_token_to_piece")]
    internal static unsafe partial int llama_token_to_piece(nint vocab, int token, byte* buffer, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_detokenize")]
    internal static unsafe partial int llama_detokenize(nint vocab, int* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);
}
