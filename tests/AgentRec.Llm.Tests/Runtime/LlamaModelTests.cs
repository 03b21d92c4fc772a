using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.TestSupport;

namespace AgentRec.Llm.Tests.Runtime;

public class LlamaModelTests
{
    [Fact]
    public void LoadsTheSharedTinyModel()
    {
        using var model = LlamaModel.Load(TestPaths.TinyLlamaModel);
        Assert.Equal("llama", model.Architecture);
        Assert.Equal(32000, model.VocabularySize);
        Assert.Equal(1, model.BosToken);
        Assert.Equal(2, model.EosToken);
        Assert.True(model.ParameterCount > 0);
        Assert.True(model.IsEndOfGeneration(model.EosToken));
    }

    [Fact]
    public void TokenizeDetokenizeRoundTrip()
    {
        using var model = LlamaModel.Load(TestPaths.TinyLlamaModel);
        const string text = "Recommend me a science fiction movie, like Blade Runner (1982)!";
        var tokens = model.Tokenize(text, addSpecial: true);
        Assert.Equal(model.BosToken, tokens[0]);
        Assert.True(tokens.Length > 10);
        Assert.Equal(text, model.Detokenize(tokens, removeSpecial: true));

        var pieces = tokens.Skip(1).SelectMany(t => model.TokenToPiece(t)).ToArray();
        Assert.Equal(" " + text, System.Text.Encoding.UTF8.GetString(pieces));
    }

    [Fact]
    public void TokenizeHandlesMultibyteText()
    {
        using var model = LlamaModel.Load(TestPaths.TinyLlamaModel);
        const string text = "Amélie — 天使 🎬";
        var tokens = model.Tokenize(text, addSpecial: false);
        Assert.Equal(text, model.Detokenize(tokens));
    }

    [Fact]
    public void GreedyGenerationIsDeterministic()
    {
        using var model = LlamaModel.Load(TestPaths.TinyLlamaModel);
        var first = Generate(model, "Once upon a time", 24);
        var second = Generate(model, "Once upon a time", 24);
        Assert.True(first.Length >= 4);
        Assert.Equal(first, second);
    }

    internal static int[] Generate(LlamaModel model, string prompt, int count, SamplingOptions? sampling = null)
    {
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 256, BatchSize = 64 });
        using var sampler = LlamaSampler.Create(model, sampling ?? SamplingOptions.Greedy);
        using var batch = new LlamaBatch(64);
        var tokens = model.Tokenize(prompt);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, 0, i == tokens.Length - 1);
        }

        var output = new List<int>();
        var position = tokens.Length;
        var logitsIndex = tokens.Length - 1;
        context.Decode(batch);
        while (output.Count < count)
        {
            var next = sampler.Sample(context, logitsIndex);
            output.Add(next);
            if (model.IsEndOfGeneration(next))
            {
                break;
            }

            batch.Clear();
            logitsIndex = batch.Add(next, position++, 0, true);
            context.Decode(batch);
        }

        return [.. output];
    }
}
