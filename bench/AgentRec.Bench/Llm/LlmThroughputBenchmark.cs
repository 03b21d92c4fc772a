using System.Diagnostics;
using AgentRec.Llm.Batching;
using AgentRec.Llm.Runtime;

namespace AgentRec.Bench.Llm;

/// <summary>
/// Prompt-processing and generation throughput of the llama.cpp runtime, single-stream and through
/// the continuous-batching engine with several parallel sequences; optionally against node-llama-cpp.
/// </summary>
public static class LlmThroughputBenchmark
{
    public static async Task<LlmBenchmarkResult> RunAsync(LlmBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PromptTokens, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GenerationTokens, 1);
        using var model = LlamaModel.Load(options.ModelPath);
        var threads = LlamaThreading.GenerationThreads(model.SizeBytes, options.Threads);

        // Contexts are created once and cleared between repetitions, as the peer script does with its sequence.
        progress?.Report($"prompt processing ({options.PromptTokens} tokens)");
        double pp;
        using (var context = model.CreateContext(new LlamaContextOptions { ContextSize = options.PromptTokens + 16, BatchSize = 512, Threads = threads, BatchThreads = threads }))
        {
            pp = Median(Repeat(options.Repetitions, () => PromptThroughput(model, context, options)));
        }

        progress?.Report($"generation ({options.GenerationTokens} tokens)");
        double tg;
        var tokenSeconds = new List<double>();
        using (var context = model.CreateContext(new LlamaContextOptions { ContextSize = options.GenerationTokens + 16, BatchSize = 16, Threads = threads, BatchThreads = threads }))
        {
            GenerationThroughput(model, context, options, null); // warm-up
            tg = Median(Enumerable.Range(0, options.Repetitions).Select(_ => GenerationThroughput(model, context, options, tokenSeconds)).ToList());
        }

        var parallel = new Dictionary<string, double>();
        foreach (var count in options.Parallel)
        {
            progress?.Report($"{count} parallel sequences");
            var samples = new List<double>();
            for (var r = 0; r <= options.Repetitions; r++)
            {
                var value = await ParallelThroughputAsync(model, options, threads, count, cancellationToken).ConfigureAwait(false);
                if (r > 0)
                {
                    samples.Add(value);
                }
            }

            parallel[count.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Median(samples);
        }

        PeerResult? peer = null;
        if (options.RunPeer)
        {
            progress?.Report("node-llama-cpp peer");
            var (peerPp, peerTg, peerTokenMedian) = await NodeLlamaCppPeer.RunAsync(options.ModelPath, threads, options.PromptTokens, options.GenerationTokens, options.Repetitions, cancellationToken).ConfigureAwait(false);
            peer = new PeerResult("node-llama-cpp@3.22.1", peerPp, peerTg, peerTokenMedian, pp / peerPp, tg / peerTg, 1 / Median(tokenSeconds) / peerTokenMedian);
        }

        return new LlmBenchmarkResult
        {
            Model = Path.GetFileName(options.ModelPath),
            Threads = threads,
            PromptTokensPerSecond = pp,
            GenerationTokensPerSecond = tg,
            GenerationTokenMedianTokensPerSecond = 1 / Median(tokenSeconds),
            ParallelGenerationTokensPerSecond = parallel,
            Peer = peer,
        };
    }

    /// <summary>BOS then a fixed linear-congruential walk over ids 300..999 (the peer script uses the same recipe).</summary>
    public static int[] PromptTokens(LlamaModel model, int count)
    {
        var ids = new int[count];
        ids[0] = model.BosToken;
        long state = 12345;
        var high = Math.Min(1000, model.VocabularySize);
        for (var i = 1; i < count; i++)
        {
            state = ((state * 1103515245) + 12345) % 2147483648;
            ids[i] = 300 + (int)(state % (high - 300));
        }

        return ids;
    }

    private static double PromptThroughput(LlamaModel model, LlamaContext context, LlmBenchmarkOptions options)
    {
        context.ClearMemory();
        using var batch = new LlamaBatch(512);
        var tokens = PromptTokens(model, options.PromptTokens);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < tokens.Length; start += batch.Capacity)
        {
            batch.Clear();
            var end = Math.Min(tokens.Length, start + batch.Capacity);
            for (var i = start; i < end; i++)
            {
                batch.Add(tokens[i], i, 0, i == tokens.Length - 1);
            }

            context.Decode(batch);
        }

        return tokens.Length / clock.Elapsed.TotalSeconds;
    }

    private static double GenerationThroughput(LlamaModel model, LlamaContext context, LlmBenchmarkOptions options, List<double>? tokenSeconds)
    {
        context.ClearMemory();
        using var sampler = LlamaSampler.Create(model, SamplingOptions.Greedy);
        using var batch = new LlamaBatch(1);
        var clock = Stopwatch.StartNew();
        var token = model.BosToken;
        for (var position = 0; position < options.GenerationTokens; position++)
        {
            batch.Clear();
            batch.Add(token, position, 0, true);
            var before = clock.Elapsed.TotalSeconds;
            context.Decode(batch);
            token = sampler.Sample(context, 0);
            tokenSeconds?.Add(clock.Elapsed.TotalSeconds - before);
        }

        return options.GenerationTokens / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> ParallelThroughputAsync(LlamaModel model, LlmBenchmarkOptions options, int threads, int parallel, CancellationToken cancellationToken)
    {
        const int promptLength = 8;
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions
        {
            MaxParallelSequences = parallel,
            ContextSize = parallel * (promptLength + options.GenerationTokens + 8),
            BatchSize = Math.Max(parallel, 64),
            Threads = threads,
            BatchThreads = threads,
        });

        // End-of-generation tokens are banned so every sequence produces exactly GenerationTokens.
        var bans = Enumerable.Range(0, model.VocabularySize).Where(model.IsEndOfGeneration).ToDictionary(t => t, _ => float.NegativeInfinity);
        var sampling = SamplingOptions.Greedy with { LogitBias = bans };
        var prompts = Enumerable.Range(0, parallel)
            .Select(i => PromptTokens(model, promptLength + 1).Skip(1).Select(t => 300 + ((t + (i * 37)) % 700)).Prepend(model.BosToken).ToArray())
            .ToList();

        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(prompts.Select(async prompt =>
        {
            var produced = 0;
            await foreach (var _ in engine.GenerateAsync(new GenerationRequest(prompt, sampling, options.GenerationTokens), cancellationToken).ConfigureAwait(false))
            {
                produced++;
            }

            return produced;
        })).ConfigureAwait(false);
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static IEnumerable<double> Repeat(int repetitions, Func<double> measure)
    {
        measure(); // warm-up: page in weights, build graphs
        for (var i = 0; i < repetitions; i++)
        {
            yield return measure();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
