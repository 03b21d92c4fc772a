using System.Runtime.CompilerServices;
using AgentRec.Llm.Native;

namespace AgentRec.Llm.Tests.Native;

public class NativeLayoutTests
{
    // Sizes of the C structs in llama.h of llama.cpp v0.5.0 on x86-64; a mismatch means the binding
    // and the native library disagree and every call that passes them corrupts memory.
    [Fact]
    public void StructSizesMatchTheHeader()
    {
        Assert.Equal(80, Unsafe.SizeOf<LlamaModelParams>());
        Assert.Equal(160, Unsafe.SizeOf<LlamaContextParams>());
        Assert.Equal(56, Unsafe.SizeOf<LlamaBatchNative>());
        Assert.Equal(16, Unsafe.SizeOf<LlamaChatMessageNative>());
        Assert.Equal(1, Unsafe.SizeOf<LlamaSamplerChainParams>());
        Assert.Equal(8, Unsafe.SizeOf<LlamaLogitBias>());
    }

    [Fact]
    public void DefaultParamsRoundTripThroughTheLibrary()
    {
        AgentRec.Llm.Runtime.LlamaBackend.EnsureInitialized();
        var model = NativeMethods.llama_model_default_params();
        var context = NativeMethods.llama_context_default_params();

        // Defaults of this release (llama-model.cpp / llama-context.cpp): auto load mode, n_ctx 512,
        // n_batch 2048, n_ubatch 512, one sequence, one output row per sequence.
        Assert.Equal(-1, model.LoadMode);
        Assert.Equal(0, model.VocabOnly);
        Assert.Equal(512u, context.ContextSize);
        Assert.Equal(2048u, context.BatchSize);
        Assert.Equal(512u, context.MicroBatchSize);
        Assert.Equal(1u, context.MaxSequences);
        Assert.Equal(1u, context.MaxOutputsPerSequence);
        Assert.Equal(1, context.OffloadKqv);
    }
}
