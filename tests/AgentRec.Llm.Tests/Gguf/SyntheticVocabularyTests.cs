using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class SyntheticVocabularyTests
{
    [Fact]
    public void Starts_with_control_byte_and_character_tokens()
    {
        var vocab = SyntheticVocabulary.Create(4096);

        Assert.Equal(4096, vocab.Count);
        Assert.Equal(new[] { "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>" }, vocab.Tokens.Take(5));
        Assert.Equal(LlamaTokenType.Unknown, vocab.TokenTypes[0]);
        Assert.All(vocab.TokenTypes.Skip(1).Take(4), t => Assert.Equal(LlamaTokenType.Control, t));
        Assert.Equal("<0x00>", vocab.Tokens[SyntheticVocabulary.ByteTokenId(0)]);
        Assert.Equal("<0x0A>", vocab.Tokens[SyntheticVocabulary.ByteTokenId(10)]);
        Assert.Equal("<0xFF>", vocab.Tokens[SyntheticVocabulary.ByteTokenId(255)]);
        Assert.All(Enumerable.Range(5, 256), i => Assert.Equal(LlamaTokenType.Byte, vocab.TokenTypes[i]));
        Assert.Equal("\u2581", vocab.Tokens[261]);
        Assert.Equal("!", vocab.Tokens[262]);
        Assert.Equal("~", vocab.Tokens[262 + 93]);
        Assert.Equal("\u2581!", vocab.Tokens[262 + 94]);
        Assert.Equal(SyntheticVocabulary.ImEndTokenId, vocab.EosTokenId);
    }

    [Fact]
    public void Tokens_are_unique_and_scores_fall_for_normal_pieces()
    {
        var vocab = SyntheticVocabulary.Create(32000);

        Assert.Equal(vocab.Count, vocab.Tokens.Distinct(StringComparer.Ordinal).Count());
        var normalScores = vocab.Scores.Where((_, i) => vocab.TokenTypes[i] == LlamaTokenType.Normal).ToArray();
        Assert.Equal(vocab.Count - 261, normalScores.Length);
        Assert.All(normalScores.Zip(normalScores.Skip(1)), pair => Assert.True(pair.First > pair.Second));
        Assert.All(vocab.Scores.Take(261), s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Every_piece_can_be_built_by_merging_two_earlier_pieces()
    {
        var vocab = SyntheticVocabulary.Create(20000);
        var idOf = vocab.Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);

        for (var id = SyntheticVocabulary.MinimumSize; id < vocab.Count; id++)
        {
            var piece = vocab.Tokens[id];
            var prefix = piece[..^1];
            // SPM merges two adjacent pieces when their concatenation is a token: the prefix plus the last character.
            Assert.True(idOf.TryGetValue(prefix, out var prefixId) && prefixId < id, $"'{piece}' lacks its prefix");
            Assert.True(idOf.ContainsKey(piece[^1..]), $"'{piece}' ends in an unknown character");
        }
        Assert.Contains("\u2581recommend", vocab.Tokens);
        Assert.Contains("\u2581movie", vocab.Tokens);
        Assert.Contains("\u2581The", vocab.Tokens);
        Assert.Contains("ing", vocab.Tokens);
    }

    [Fact]
    public void Smaller_vocabulary_is_a_prefix_of_a_larger_one()
    {
        var small = SyntheticVocabulary.Create(1000);
        var large = SyntheticVocabulary.Create(50000);

        Assert.Equal(small.Tokens, large.Tokens.Take(1000));
        Assert.Equal(small.Scores, large.Scores.Take(1000));
    }

    [Fact]
    public void Sizes_outside_the_limits_are_rejected()
    {
        Assert.Equal(450, SyntheticVocabulary.MinimumSize);
        Assert.Equal(450, SyntheticVocabulary.Create(SyntheticVocabulary.MinimumSize).Count);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticVocabulary.Create(449));
        Assert.Contains("450", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticVocabulary.Create(SyntheticVocabulary.MaximumSize + 1));
    }

    [Fact]
    public void Writes_the_tokenizer_metadata_llama_cpp_reads()
    {
        var vocab = SyntheticVocabulary.Create(600);
        var writer = new GgufWriter();

        vocab.WriteTo(writer);
        using var stream = new MemoryStream();
        writer.Write(stream);
        stream.Position = 0;
        var file = GgufFile.Read(stream, "vocab.gguf");

        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(vocab.Tokens, file.GetStringArray("tokenizer.ggml.tokens"));
        Assert.Equal(GgufValueType.Float32, file.Metadata["tokenizer.ggml.scores"].ElementType);
        Assert.Equal(vocab.TokenTypes.Select(t => (int)t), file.Metadata["tokenizer.ggml.token_type"].AsArray<int>());
        Assert.Equal(0u, file.GetUInt32("tokenizer.ggml.unknown_token_id"));
        Assert.Equal(4u, file.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(SyntheticVocabulary.ChatMLTemplate, file.ChatTemplate);
        Assert.Equal(600, file.VocabularySize);
    }
}
