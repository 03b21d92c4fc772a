using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;
using AgentRec.Llm.Tests.Gguf;
using AgentRec.Llm.Tokenization;

namespace AgentRec.Llm.Tests.Tokenization;

/// <summary>
/// llama.cpp (through <see cref="LlamaModel"/>) on tiny random models that carry the ReDial-trained
/// vocabulary and the synthetic one of the same size.
/// </summary>
public sealed class TrainedVocabularyLlamaTests : IClassFixture<TrainedVocabularyLlamaTests.Models>
{
    private static readonly string[] Unusual =
    [
        "Amélie (2001)",
        "I loved Amélie and Pokémon: Detective Pikachu — both made me smile.",
        "Ωmega 🎬 naïve café, Ærø and Ünïcödé",
        "  two  spaces, a tab\tand a newline\nhere ",
        "<|im_start|> is only text here",
    ];

    private readonly Models _models;

    public TrainedVocabularyLlamaTests(Models models) => _models = models;

    [Fact]
    public void Held_out_catalog_text_takes_markedly_fewer_tokens_and_round_trips_exactly()
    {
        var heldOut = RedialTexts.Default.HeldOut;
        long trainedTokens = 0, syntheticTokens = 0;
        foreach (var text in heldOut)
        {
            var trained = _models.Trained.Tokenize(text);
            trainedTokens += trained.Length;
            syntheticTokens += _models.Synthetic.Tokenize(text).Length;
            Assert.Equal(text, _models.Trained.Detokenize(trained, removeSpecial: true));
        }

        // Measured on this split: about 29 % fewer tokens than the synthetic vocabulary.
        Assert.True(trainedTokens < syntheticTokens * 0.8, $"trained {trainedTokens} vs synthetic {syntheticTokens} tokens on {heldOut.Count} held-out texts");
        foreach (var text in Unusual)
        {
            Assert.Equal(text, _models.Trained.Detokenize(_models.Trained.Tokenize(text), removeSpecial: true));
        }
    }

    [Fact]
    public void Rare_characters_go_through_byte_tokens_in_llama_cpp()
    {
        var tokens = _models.Trained.Tokenize("🎬", addSpecial: false);

        // "▁" then the four UTF-8 bytes of U+1F3AC.
        Assert.Equal(["▁", "<0xF0>", "<0x9F>", "<0x8E>", "<0xAC>"], tokens.Select(_models.Trained.TokenText));
        Assert.Contains("é", RedialTexts.Trained.Vocabulary.Tokens);
        Assert.Contains("é", _models.Trained.Tokenize("Amélie", addSpecial: false).Select(_models.Trained.TokenText));
    }

    [Fact]
    public void The_csharp_encoder_gives_llama_cpp_tokens()
    {
        var vocabulary = RedialTexts.Trained.Vocabulary;
        foreach (var text in RedialTexts.Default.HeldOut.Take(1500).Concat(Unusual))
        {
            Assert.Equal(_models.Trained.Tokenize(text, addSpecial: false), vocabulary.Encode(text));
        }
        var sample = RedialTexts.Default.HeldOut[7];
        Assert.Equal(sample, vocabulary.Decode(vocabulary.Encode(sample)));

        // The same twin follows llama.cpp on a vocabulary it did not learn.
        var synthetic = SyntheticVocabulary.Create(RedialTexts.VocabularySize);
        var syntheticTwin = TrainedVocabulary.Create(synthetic.Tokens, synthetic.Scores, synthetic.TokenTypes);
        foreach (var text in RedialTexts.Default.HeldOut.Take(300).Concat(Unusual))
        {
            Assert.Equal(_models.Synthetic.Tokenize(text, addSpecial: false), syntheticTwin.Encode(text));
        }
    }

    [Theory]
    [InlineData("recommend")]
    [InlineData("Amélie")]
    [InlineData("thriller")]
    [InlineData("Spielberg")]
    [InlineData("Ghostbusters")]
    [InlineData("(1995)")]
    [InlineData("don't")]
    [InlineData("Pokémon")]
    public void The_trainers_merges_segment_words_as_llama_cpp_does(string word)
    {
        var expected = RedialTexts.Trained.ApplyMerges(word);

        var pieces = _models.Trained.Tokenize(word, addSpecial: false).Select(_models.Trained.TokenText).ToArray();

        Assert.Equal(expected, pieces);
        Assert.Equal(expected, RedialTexts.Trained.Vocabulary.Segment(word));
    }

    [Fact]
    public void The_model_keeps_the_chat_stack_of_the_synthetic_vocabulary()
    {
        var model = _models.Trained;

        Assert.Equal(RedialTexts.VocabularySize, model.VocabularySize);
        Assert.Equal(SyntheticVocabulary.BosTokenId, model.BosToken);
        Assert.Equal(SyntheticVocabulary.ImEndTokenId, model.EosToken);
        Assert.True(model.IsEndOfGeneration(SyntheticVocabulary.ImEndTokenId));
        var prompt = model.TryApplyChatTemplate([("system", "Be brief."), ("user", "Any movie like Amélie?")], addAssistantPrefix: true);
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nAny movie like Amélie?<|im_end|>\n<|im_start|>assistant\n", prompt);
        var tokens = model.Tokenize(prompt!, addSpecial: true, parseSpecial: true);
        Assert.Equal([SyntheticVocabulary.BosTokenId, SyntheticVocabulary.ImStartTokenId], tokens[..2]);
        Assert.Equal(2, tokens.Count(t => t == SyntheticVocabulary.ImEndTokenId));
    }

    /// <summary>Two one-layer random models written once for this class: trained and synthetic vocabularies of the same size.</summary>
    public sealed class Models : IDisposable
    {
        private readonly TempDirectory _folder = new();

        public Models()
        {
            var shape = new RandomLlamaModelOptions { Layers = 1, EmbeddingLength = 32, HeadCount = 2, HeadCountKv = 2, FeedForwardLength = 64, ContextLength = 512 };
            var trainedPath = _folder.File("trained.gguf");
            var syntheticPath = _folder.File("synthetic.gguf");
            RandomLlamaModelWriter.Write(trainedPath, shape with { Vocabulary = RedialTexts.Trained.Vocabulary });
            RandomLlamaModelWriter.Write(syntheticPath, shape with { VocabularySize = RedialTexts.VocabularySize });
            Trained = LlamaModel.Load(trainedPath);
            Synthetic = LlamaModel.Load(syntheticPath);
        }

        public LlamaModel Trained { get; }

        public LlamaModel Synthetic { get; }

        public void Dispose()
        {
            Trained.Dispose();
            Synthetic.Dispose();
            _folder.Dispose();
        }
    }
}
