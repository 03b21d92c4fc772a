using AgentRec.Llm.Gguf;
using AgentRec.Llm.Tokenization;

namespace AgentRec.Llm.Tests.Tokenization;

public sealed class RandomModelVocabularyTests
{
    [Fact]
    public void A_given_vocabulary_sets_the_model_vocabulary_size()
    {
        var vocabulary = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 500 }).Train(["the movie, the movies, the film"]).Vocabulary;
        var options = new RandomLlamaModelOptions { Vocabulary = vocabulary, VocabularySize = 1 };

        options.Validate();
        var writer = RandomLlamaModelWriter.CreateWriter(options);

        Assert.Equal(vocabulary.Count, options.EffectiveVocabularySize);
        Assert.Equal((options with { Vocabulary = null, VocabularySize = vocabulary.Count }).ParameterCount, options.ParameterCount);
        var metadata = writer.Metadata.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal((uint)vocabulary.Count, metadata[GgufKeys.VocabularySize("llama")].AsUInt32());
        Assert.Equal(vocabulary.Tokens, metadata[GgufKeys.Tokens].AsStringArray());
        Assert.Equal(new[] { (ulong)options.EmbeddingLength, (ulong)vocabulary.Count }, writer.Tensors.Single(t => t.Name == "token_embd.weight").Dimensions);
    }

    [Fact]
    public void Without_a_vocabulary_the_synthetic_one_of_the_given_size_is_written()
    {
        var writer = RandomLlamaModelWriter.CreateWriter(new RandomLlamaModelOptions { VocabularySize = 700 });

        var tokens = writer.Metadata.Single(p => p.Key == GgufKeys.Tokens).Value.AsStringArray();

        Assert.Equal(SyntheticVocabulary.Create(700).Tokens, tokens);
        Assert.Throws<ArgumentException>(() => new RandomLlamaModelOptions { VocabularySize = 1 }.Validate());
    }
}
