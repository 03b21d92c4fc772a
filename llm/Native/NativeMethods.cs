using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

/// <summary>
/// P/Invoke declarations over llama.h. Split by native area into partial files; nothing outside
/// this folder calls them directly. Library names are resolved by <see cref="LlamaNativeLibrary"/>.
/// </summary>
internal static partial class NativeMethods
{
    internal const string LlamaLibrary = "llama";
    internal const string GgmlLibrary = "ggml";
    internal const string GgmlBaseLibrary = "ggml-base";

    // --- library / backend ---
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_backend_init")]
    internal static partial void llama_backend_init();

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_load_all_from_path", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string directory);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_dev_count")]
    internal static partial nuint ggml_backend_dev_count();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_log_set")]
    internal static unsafe partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, nint, void> callback, nint userData);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_log_set")]
    internal static unsafe partial void ggml_log_set(delegate* unmanaged[Cdecl]<int, byte*, nint, void> callback, nint userData);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_print_system_info")]
    internal static partial nint llama_print_system_info();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_max_parallel_sequences")]
    internal static partial nuint llama_max_parallel_sequences();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_supports_mmap")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_mmap();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_supports_gpu_offload")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_time_us")]
    internal static partial long llama_time_us();
}
