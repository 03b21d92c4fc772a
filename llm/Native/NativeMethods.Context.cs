using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_context_default_params")]
    internal static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_init_from_model")]
    internal static partial SafeLlamaContextHandle llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_free")]
    internal static partial void llama_free(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_n_ctx")]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_n_batch")]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_n_seq_max")]
    internal static partial uint llama_n_seq_max(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_pooling_type")]
    internal static partial int llama_pooling_type(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_batch_init")]
    internal static partial LlamaBatchNative llama_batch_init(int tokenCount, int embd, int maxSequences);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_batch_free")]
    internal static partial void llama_batch_free(LlamaBatchNative batch);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_decode")]
    internal static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatchNative batch);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_encode")]
    internal static partial int llama_encode(SafeLlamaContextHandle context, LlamaBatchNative batch);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_n_threads")]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle context, int threads, int batchThreads);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_embeddings")]
    internal static partial void llama_set_embeddings(SafeLlamaContextHandle context, [MarshalAs(UnmanagedType.U1)] bool embeddings);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_abort_callback")]
    internal static unsafe partial void llama_set_abort_callback(SafeLlamaContextHandle context, delegate* unmanaged[Cdecl]<nint, byte> callback, nint data);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_synchronize")]
    internal static partial void llama_synchronize(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_logits_ith")]
    internal static unsafe partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int index);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_embeddings_ith")]
    internal static unsafe partial float* llama_get_embeddings_ith(SafeLlamaContextHandle context, int index);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_embeddings_seq")]
    internal static unsafe partial float* llama_get_embeddings_seq(SafeLlamaContextHandle context, int sequence);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_perf_context")]
    internal static partial LlamaPerfContextData llama_perf_context(SafeLlamaContextHandle context);

    // --- memory (KV cache), per sequence ---
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_memory")]
    internal static partial nint llama_get_memory(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_clear")]
    internal static partial void llama_memory_clear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_seq_rm")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(nint memory, int sequence, int p0, int p1);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_seq_cp")]
    internal static partial void llama_memory_seq_cp(nint memory, int source, int destination, int p0, int p1);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_seq_pos_max")]
    internal static partial int llama_memory_seq_pos_max(nint memory, int sequence);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_seq_pos_min")]
    internal static partial int llama_memory_seq_pos_min(nint memory, int sequence);
}
