using AgentRec.Llm.Batching;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.TestSupport;

namespace AgentRec.Llm.Tests.Batching;

public class LlamaInferenceEngineTests
{
    private static readonly string[] Prompts =
    [
        "I want a thriller", "Any good comedies?", "Recommend a space movie", "Something for kids",
        "A classic western", "Romantic films from the nineties", "Horror but not gory", "Documentaries about nature",
        "Heist movies like Ocean's Eleven", "Animated films for adults", "Sports dramas", "Movies set in Paris",
        "Musicals with great songs", "War films", "Mind-bending plots", "Feel-good road trips",
    ];

    [Fact]
    public async Task SixteenConcurrentGreedyStreamsProduceTheTokensOfSixteenSequentialRuns()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var sampling = NoEndOfGeneration(model);
        var requests = Prompts.Select(p => new GenerationRequest(model.Tokenize(p), sampling, 24)).ToList();

        var sequential = new List<int[]>();
        using (var single = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 1, ContextSize = 512, BatchSize = 64 }))
        {
            foreach (var request in requests)
            {
                sequential.Add(await Collect(single, request));
            }
        }

        using var batched = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 16, ContextSize = 2048, BatchSize = 128 });
        var concurrent = await Task.WhenAll(requests.Select(r => Collect(batched, r)));

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(24, sequential[i].Length);
            Assert.Equal(sequential[i], concurrent[i]);
        }

        var statistics = batched.Statistics;
        Assert.Equal(16, statistics.RequestsCompleted);
        Assert.Equal(16 * 24, statistics.GeneratedTokens);

        // Batching really happened: far fewer decode calls than tokens processed.
        Assert.True(statistics.DecodeCalls < 16 * 24 / 4, $"{statistics.DecodeCalls} decode calls");
    }

    [Fact]
    public async Task CancellingARequestFreesItsSequence()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 4, ContextSize = 2048, BatchSize = 64 });
        using var cancellation = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.GenerateAsync(new GenerationRequest(model.Tokenize("Tell me a long story"), NoEndOfGeneration(model), 400), cancellation.Token))
            {
                if (++received == 5)
                {
                    cancellation.Cancel();
                }
            }
        });

        // A request that stops reading early is released the same way.
        await foreach (var _ in engine.GenerateAsync(new GenerationRequest(model.Tokenize("Another one"), NoEndOfGeneration(model), 400)))
        {
            break;
        }

        await WaitUntil(() => engine.Statistics.ActiveSequences == 0);
        Assert.Equal(2, engine.Statistics.RequestsCancelled);
        Assert.All(engine.SequencePositions(), p => Assert.Equal(-1, p));
        // Neither request ran to its 400-token limit (how far each got before the cancel was seen depends on scheduling).
        Assert.True(engine.Statistics.GeneratedTokens < 800, $"{engine.Statistics.GeneratedTokens} tokens generated");

        // The engine keeps serving after cancellations.
        var after = await Collect(engine, new GenerationRequest(model.Tokenize("Still there?"), NoEndOfGeneration(model), 8));
        Assert.Equal(8, after.Length);
    }

    [Fact]
    public async Task ASmallQueueAppliesBackPressureWithoutLosingRequests()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 2, ContextSize = 512, BatchSize = 32, QueueCapacity = 1 });
        var results = await Task.WhenAll(Prompts.Take(8).Select(p => Collect(engine, new GenerationRequest(model.Tokenize(p), NoEndOfGeneration(model), 6))));
        Assert.All(results, r => Assert.Equal(6, r.Length));
        Assert.Equal(8, engine.Statistics.RequestsCompleted);
    }

    [Fact]
    public async Task RejectsRequestsThatCannotFitAndBadGrammars()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 2, ContextSize = 64, BatchSize = 32 });
        // llama.cpp rounds the context up (to 256 here); the engine checks against what it got.
        var tooLong = new GenerationRequest(Enumerable.Repeat(model.Tokenize("a")[^1], engine.ContextSize - 5).ToArray(), SamplingOptions.Greedy, 10);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Collect(engine, tooLong));
        Assert.Contains($"exceeds the context of {engine.ContextSize} tokens", error.Message);

        var badGrammar = new GenerationRequest(model.Tokenize("x"), SamplingOptions.Greedy with { Grammar = "root ::= [" }, 4);
        await Assert.ThrowsAsync<ArgumentException>(() => Collect(engine, badGrammar));

        var outOfVocabulary = new GenerationRequest([model.VocabularySize + 5], SamplingOptions.Greedy, 4);
        await Assert.ThrowsAsync<ArgumentException>(() => Collect(engine, outOfVocabulary));
    }

    internal static SamplingOptions NoEndOfGeneration(LlamaModel model) => SamplingOptions.Greedy with
    {
        LogitBias = Enumerable.Range(0, model.VocabularySize).Where(model.IsEndOfGeneration).ToDictionary(t => t, _ => float.NegativeInfinity),
    };

    [Fact]
    public async Task AFollowUpTurnReusesTheCachedPrefixAndGeneratesTheSameTokens()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var sampling = NoEndOfGeneration(model);
        var first = model.Tokenize("User: I want a thriller\nAgent:");

        async Task<(int[] Turn1, int[] Turn2, EngineStatistics Statistics)> Converse(bool reuse)
        {
            using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 2, ContextSize = 1024, BatchSize = 64, ReusePromptPrefix = reuse });
            var turn1 = await Collect(engine, new GenerationRequest(first, sampling, 12));
            // The next prompt is the whole conversation so far plus the new user words.
            int[] next = [.. first, .. turn1, .. model.Tokenize("\nUser: something older\nAgent:", addSpecial: false)];
            var turn2 = await Collect(engine, new GenerationRequest(next, sampling, 12));
            return (turn1, turn2, engine.Statistics);
        }

        var plain = await Converse(reuse: false);
        var reused = await Converse(reuse: true);

        Assert.Equal(plain.Turn1, reused.Turn1);
        Assert.Equal(plain.Turn2, reused.Turn2);
        Assert.Equal(0, plain.Statistics.ReusedPromptTokens);

        // Everything decoded in turn 1 (prompt + generated tokens but the last, which was never fed back) is reused.
        Assert.Equal(first.Length + 11, reused.Statistics.ReusedPromptTokens);
        Assert.Equal(plain.Statistics.PromptTokens - reused.Statistics.ReusedPromptTokens, reused.Statistics.PromptTokens);
    }

    [Fact]
    public async Task IdleCachesGiveWayWhenTheContextIsFull()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var sampling = NoEndOfGeneration(model);
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 4, ContextSize = 256, BatchSize = 64 });

        // Three finished requests leave ~3 × 100 cached cells in a 256-cell context ...
        foreach (var text in Prompts.Take(3))
        {
            await Collect(engine, new GenerationRequest(model.Tokenize(text), sampling, 90));
        }

        // ... and a fourth that needs ~150 cells still runs to the end instead of being stopped.
        var tokens = await Collect(engine, new GenerationRequest(model.Tokenize(Prompts[5]), sampling, 140));
        Assert.Equal(140, tokens.Length);
        Assert.Equal(0, engine.Statistics.RequestsFailed);
    }

    private static async Task<int[]> Collect(LlamaInferenceEngine engine, GenerationRequest request)
    {
        var tokens = new List<int>();
        await foreach (var token in engine.GenerateAsync(request))
        {
            tokens.Add(token.Token);
        }

        return [.. tokens];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
