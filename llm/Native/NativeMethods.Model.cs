using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_default_params")]
    internal static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeLlamaModelHandle llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_free")]
    internal static partial void llama_model_free(nint model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_get_vocab")]
    internal static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_ctx_train")]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_embd")]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_layer")]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_head")]
    internal static partial int llama_model_n_head(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_head_kv")]
    internal static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_params")]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_size")]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_has_encoder")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_encoder(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_chat_template", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_model_chat_template(SafeLlamaModelHandle model, string? name);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_desc")]
    internal static unsafe partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_meta_count")]
    internal static partial int llama_model_meta_count(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_meta_key_by_index")]
    internal static unsafe partial int llama_model_meta_key_by_index(SafeLlamaModelHandle model, int index, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_meta_val_str_by_index")]
    internal static unsafe partial int llama_model_meta_val_str_by_index(SafeLlamaModelHandle model, int index, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_chat_apply_template")]
    internal static unsafe partial int llama_chat_apply_template(byte* template, LlamaChatMessageNative* messages, nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    // --- LoRA adapters ---
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_init", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_adapter_lora_init(SafeLlamaModelHandle model, string path);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_free")]
    internal static partial void llama_adapter_lora_free(nint adapter);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_adapters_lora")]
    internal static unsafe partial int llama_set_adapters_lora(SafeLlamaContextHandle context, nint* adapters, nuint count, float* scales);
}
