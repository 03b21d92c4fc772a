using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.TestSupport;

namespace AgentRec.Llm.Tests.Runtime;

public class WriterModelRuntimeTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    public void WriterModelsLoadTokenizeAndGenerate(string architecture)
    {
        var path = architecture == "llama" ? TestModels.LlamaF32 : TestModels.Qwen2F16;
        using var model = LlamaModel.Load(path);
        Assert.Equal(architecture, model.Architecture);
        Assert.Equal(2048, model.VocabularySize);
        Assert.Equal(64, model.EmbeddingSize);
        Assert.Equal(2, model.LayerCount);
        Assert.Equal(2, model.HeadCountKv);

        const string text = "I loved Toy Story and Finding Nemo; recommend another animated movie please.";
        var tokens = model.Tokenize(text);
        Assert.Equal(text, model.Detokenize(tokens, removeSpecial: true));

        var generated = LlamaModelTests.Generate(model, text, 12);
        Assert.NotEmpty(generated);
        Assert.All(generated, t => Assert.InRange(t, 0, model.VocabularySize - 1));
    }

    [Fact]
    public void ChatTemplateOfWriterModelIsChatMl()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var prompt = model.TryApplyChatTemplate([("system", "Be brief."), ("user", "Hi")], addAssistantPrefix: true);
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt);

        // Control tokens are parsed as single tokens only when asked to.
        var special = model.Tokenize("<|im_start|>user", addSpecial: false, parseSpecial: true);
        var plain = model.Tokenize("<|im_start|>user", addSpecial: false, parseSpecial: false);
        Assert.True(model.IsControlToken(special[0]));
        Assert.True(plain.Length > special.Length);
    }

    [Fact]
    public void SeededSamplingIsReproducibleAndSeedsDiffer()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var sampling = new SamplingOptions { Temperature = 1.0f, TopK = 0, TopP = 1f, MinP = 0f, Seed = 99 };
        var first = LlamaModelTests.Generate(model, "Hello", 20, sampling);
        var second = LlamaModelTests.Generate(model, "Hello", 20, sampling);
        var other = LlamaModelTests.Generate(model, "Hello", 20, sampling with { Seed = 100 });
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void InvalidGrammarIsRejectedWithAClearError()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var error = Assert.Throws<ArgumentException>(() => LlamaSampler.Create(model, SamplingOptions.Greedy with { Grammar = "root ::= (" }));
        Assert.Contains("grammar", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GrammarConstrainsGreedyOutput()
    {
        using var model = LlamaModel.Load(TestModels.LlamaF32);
        var sampling = SamplingOptions.Greedy with { Grammar = "root ::= (\"yes\" | \"no\") \" \" [0-9] [0-9]" };
        var tokens = LlamaModelTests.Generate(model, "Answer:", 6, sampling);
        var eog = Array.FindIndex(tokens, model.IsEndOfGeneration);
        var text = model.Detokenize(eog >= 0 ? tokens[..eog] : tokens);
        Assert.Matches("^(yes|no) [0-9][0-9]$", text);
    }

    [Fact]
    public void CorruptModelFileFailsWithAManagedError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agentrec-corrupt-{Guid.NewGuid():N}.gguf");
        var bytes = File.ReadAllBytes(TestModels.LlamaF32);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            var error = Assert.Throws<AgentRec.Llm.Gguf.GgufFormatException>(() => LlamaModel.Load(path));
            Assert.Contains(Path.GetFileName(path), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
