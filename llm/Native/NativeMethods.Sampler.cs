using System.Runtime.InteropServices;

namespace AgentRec.Llm.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_default_params")]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_init")]
    internal static partial SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    /// <summary>Takes ownership of <paramref name="sampler"/>: the chain frees it.</summary>
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_add")]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_n")]
    internal static partial int llama_sampler_chain_n(SafeLlamaSamplerHandle chain);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_free")]
    internal static partial void llama_sampler_free(nint sampler);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init")]
    internal static partial nint llama_sampler_init(nint samplerInterface, nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_reset")]
    internal static partial void llama_sampler_reset(SafeLlamaSamplerHandle sampler);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_accept")]
    internal static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_sample")]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_greedy")]
    internal static partial nint llama_sampler_init_greedy();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_dist")]
    internal static partial nint llama_sampler_init_dist(uint seed);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_top_k")]
    internal static partial nint llama_sampler_init_top_k(int k);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_top_p")]
    internal static partial nint llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_min_p")]
    internal static partial nint llama_sampler_init_min_p(float p, nuint minKeep);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_temp")]
    internal static partial nint llama_sampler_init_temp(float temperature);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_penalties")]
    internal static partial nint llama_sampler_init_penalties(int lastN, float repeat, float frequency, float presence);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_logit_bias")]
    internal static unsafe partial nint llama_sampler_init_logit_bias(int vocabSize, int count, LlamaLogitBias* biases);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_grammar", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_sampler_init_grammar(nint vocab, string grammar, string root);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_grammar_lazy_patterns", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial nint llama_sampler_init_grammar_lazy_patterns(nint vocab, string grammar, string root,
        byte** patterns, nuint patternCount, int* tokens, nuint tokenCount);
}
