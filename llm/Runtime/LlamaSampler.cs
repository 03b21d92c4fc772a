using System.Text;
using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>A llama.cpp sampler chain built from <see cref="SamplingOptions"/>; one per sequence (it keeps grammar and penalty state).</summary>
public sealed class LlamaSampler : IDisposable
{
    private readonly SafeLlamaSamplerHandle _chain;

    private LlamaSampler(SafeLlamaSamplerHandle chain, SamplingOptions options)
    {
        _chain = chain;
        Options = options;
    }

    public SamplingOptions Options { get; }

    public static LlamaSampler Create(LlamaModel model, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var chainParams = NativeMethods.llama_sampler_chain_default_params();
        chainParams.NoPerf = 1;
        var chain = NativeMethods.llama_sampler_chain_init(chainParams);
        if (chain.IsInvalid)
        {
            throw new LlamaException("llama_sampler_chain_init failed.");
        }

        try
        {
            if (options.LogitBias is { Count: > 0 } bias)
            {
                var entries = bias.Select(kv => new LlamaLogitBias { Token = kv.Key, Bias = kv.Value }).ToArray();
                foreach (var entry in entries)
                {
                    if ((uint)entry.Token >= (uint)model.VocabularySize)
                    {
                        throw new ArgumentOutOfRangeException(nameof(options), entry.Token, "LogitBias names a token outside the vocabulary.");
                    }
                }

                unsafe
                {
                    fixed (LlamaLogitBias* p = entries)
                    {
                        Add(chain, NativeMethods.llama_sampler_init_logit_bias(model.VocabularySize, entries.Length, p), "logit bias");
                    }
                }
            }

            if (options.Grammar is { } grammar)
            {
                Add(chain, CreateGrammar(model, grammar, options.GrammarTriggerPatterns), "grammar");
            }

            if (options.EnforceValidUtf8)
            {
                Add(chain, ManagedSamplerInterop.Create(new Utf8ValiditySampler(model.Utf8Table)), "UTF-8 validity");
            }

            if (options.RepeatPenalty != 1f || options.FrequencyPenalty != 0f || options.PresencePenalty != 0f)
            {
                Add(chain, NativeMethods.llama_sampler_init_penalties(options.PenaltyLastN, options.RepeatPenalty, options.FrequencyPenalty, options.PresencePenalty), "penalties");
            }

            if (options.IsGreedy)
            {
                Add(chain, NativeMethods.llama_sampler_init_greedy(), "greedy");
            }
            else
            {
                if (options.TopK > 0)
                {
                    Add(chain, NativeMethods.llama_sampler_init_top_k(options.TopK), "top-k");
                }

                if (options.TopP < 1f)
                {
                    Add(chain, NativeMethods.llama_sampler_init_top_p(options.TopP, 1), "top-p");
                }

                if (options.MinP > 0f)
                {
                    Add(chain, NativeMethods.llama_sampler_init_min_p(options.MinP, 1), "min-p");
                }

                Add(chain, NativeMethods.llama_sampler_init_temp(options.Temperature), "temperature");
                var seed = options.Seed ?? (uint)Random.Shared.NextInt64(0, uint.MaxValue);
                Add(chain, NativeMethods.llama_sampler_init_dist(seed), "dist");
            }

            GC.KeepAlive(model);
            return new LlamaSampler(chain, options);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>Samples the next token from the logits at <paramref name="batchIndex"/> and advances the chain's state with it.</summary>
    public int Sample(LlamaContext context, int batchIndex) => NativeMethods.llama_sampler_sample(_chain, context.Handle, batchIndex);

    /// <summary>Feeds a token the chain did not sample itself (e.g. forced text) into its state.</summary>
    public void Accept(int token) => NativeMethods.llama_sampler_accept(_chain, token);

    public void Reset() => NativeMethods.llama_sampler_reset(_chain);

    public void Dispose() => _chain.Dispose();

    private static nint CreateGrammar(LlamaModel model, string grammar, IReadOnlyList<string>? triggerPatterns)
    {
        nint sampler;
        if (triggerPatterns is { Count: > 0 })
        {
            var encoded = triggerPatterns.Select(p => Encoding.UTF8.GetBytes(p + "\0")).ToArray();
            var handles = encoded.Select(b => System.Runtime.InteropServices.GCHandle.Alloc(b, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
            try
            {
                var pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
                unsafe
                {
                    fixed (nint* p = pointers)
                    {
                        sampler = NativeMethods.llama_sampler_init_grammar_lazy_patterns(model.Vocab, grammar, "root", (byte**)p, (nuint)pointers.Length, null, 0);
                    }
                }
            }
            finally
            {
                foreach (var handle in handles)
                {
                    handle.Free();
                }
            }
        }
        else
        {
            sampler = NativeMethods.llama_sampler_init_grammar(model.Vocab, grammar, "root");
        }

        if (sampler == 0)
        {
            throw new ArgumentException($"llama.cpp rejected the GBNF grammar: {LlamaBackend.LastNativeError ?? "parse error"}.", nameof(grammar));
        }

        return sampler;
    }

    private static void Add(SafeLlamaSamplerHandle chain, nint sampler, string what)
    {
        if (sampler == 0)
        {
            throw new LlamaException($"llama.cpp could not create the {what} sampler.");
        }

        NativeMethods.llama_sampler_chain_add(chain, sampler);
    }

    private static void Validate(SamplingOptions options)
    {
        if (float.IsNaN(options.Temperature))
        {
            throw new ArgumentException("Temperature must be a number.", nameof(options));
        }

        if (options.TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "TopK must be >= 0.");
        }

        if (options.TopP is <= 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopP, "TopP must be in (0, 1].");
        }

        if (options.MinP is < 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinP, "MinP must be in [0, 1].");
        }

        if (options.RepeatPenalty <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RepeatPenalty, "RepeatPenalty must be > 0 (1 disables it).");
        }

        if (options.PenaltyLastN < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PenaltyLastN, "PenaltyLastN must be >= -1.");
        }
    }
}
