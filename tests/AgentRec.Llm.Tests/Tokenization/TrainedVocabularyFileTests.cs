using System.Text.Json.Nodes;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Tests.Gguf;
using AgentRec.Llm.Tokenization;

namespace AgentRec.Llm.Tests.Tokenization;

public sealed class TrainedVocabularyFileTests
{
    private static readonly BpeTrainingResult Small =
        new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 600 }).Train(["Amélie loved the movie; the movie loved Amélie.", "the movies"]);

    [Fact]
    public void Saved_vocabulary_loads_back_identical_and_no_temporary_file_is_left()
    {
        using var folder = new TempDirectory();
        var path = folder.File("vocab.json");
        var vocabulary = RedialTexts.Trained.Vocabulary;

        vocabulary.Save(path);
        vocabulary.Save(path); // overwrites in place
        var loaded = TrainedVocabulary.Load(path);

        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        Assert.Equal(vocabulary.Scores, loaded.Scores);
        Assert.Equal(vocabulary.TokenTypes, loaded.TokenTypes);
        Assert.Equal(["vocab.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        Assert.Contains("\"▁movie\"", File.ReadAllText(path));
        const string text = "A whimsical Parisian tale: Amélie (2001).";
        Assert.Equal(vocabulary.Encode(text), loaded.Encode(text));
    }

    [Theory]
    [InlineData("format", "must be \"agentrec-spm-vocabulary\"", "root['format'] = 'something-else'")]
    [InlineData("version", "not supported", "root['version'] = 2")]
    [InlineData("model", "\"llama\"", "root['model'] = 'gpt2'")]
    [InlineData("tokens", "is missing", "remove tokens")]
    [InlineData("tokens[3]", "<|im_start|>", "tokens[3] = 'foo'")]
    [InlineData("tokens[100]", "<0x5F>", "tokens[100] = 'x'")]
    [InlineData("tokens[301]", "repeats tokens[300]", "tokens[301] = tokens[300]")]
    [InlineData("tokens[290]", "a string", "tokens[290] = 7")]
    [InlineData("scores", "entries but tokens has", "scores.RemoveAt(0)")]
    [InlineData("scores[270]", "not a finite float", "scores[270] = 1e39")]
    [InlineData("types[280]", "not a llama token type", "types[280] = 9")]
    [InlineData("types[280]", "must be Normal", "types[280] = 3")]
    [InlineData("tokens", "at least 262", "truncate")]
    public void A_bad_vocabulary_file_names_the_file_and_the_field(string field, string detail, string change)
    {
        using var folder = new TempDirectory();
        var path = folder.File("bad-vocab.json");
        Small.Vocabulary.Save(path);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var tokens = root["tokens"]!.AsArray();
        var scores = root["scores"]!.AsArray();
        var types = root["types"]!.AsArray();
        switch (change)
        {
            case "root['format'] = 'something-else'": root["format"] = "something-else"; break;
            case "root['version'] = 2": root["version"] = 2; break;
            case "root['model'] = 'gpt2'": root["model"] = "gpt2"; break;
            case "remove tokens": root.Remove("tokens"); break;
            case "tokens[3] = 'foo'": tokens[3] = "foo"; break;
            case "tokens[100] = 'x'": tokens[100] = "x"; break;
            case "tokens[301] = tokens[300]": tokens[301] = tokens[300]!.GetValue<string>(); break;
            case "tokens[290] = 7": tokens[290] = 7; break;
            case "scores.RemoveAt(0)": scores.RemoveAt(0); break;
            case "scores[270] = 1e39": scores[270] = JsonNode.Parse("1e39"); break;
            case "types[280] = 9": types[280] = 9; break;
            case "types[280] = 3": types[280] = 3; break;
            case "truncate":
                foreach (var array in new[] { tokens, scores, types })
                {
                    while (array.Count > 200)
                    {
                        array.RemoveAt(array.Count - 1);
                    }
                }
                break;
            default: throw new ArgumentException(change);
        }
        File.WriteAllText(path, root.ToJsonString());

        var error = Assert.Throws<VocabularyFormatException>(() => TrainedVocabulary.Load(path));

        Assert.Equal(path, error.SourcePath);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(path + ": " + field + ": ", error.Message);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_names_the_file_and_the_line()
    {
        using var folder = new TempDirectory();
        var path = folder.File("broken.json");
        Small.Vocabulary.Save(path);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);

        var error = Assert.Throws<VocabularyFormatException>(() => TrainedVocabulary.Load(path));

        Assert.StartsWith(path + ": not valid JSON (line ", error.Message);
        Assert.Null(error.Field);
    }

    [Fact]
    public void Create_checks_the_data_as_load_does()
    {
        var vocabulary = Small.Vocabulary;
        var tokens = vocabulary.Tokens.ToArray();
        tokens[^1] = tokens[^2];

        var error = Assert.Throws<VocabularyFormatException>(() => TrainedVocabulary.Create(tokens, vocabulary.Scores, vocabulary.TokenTypes));

        Assert.Equal($"tokens[{tokens.Length - 1}]", error.Field);
        Assert.Contains("vocabulary data", error.Message);
        Assert.Equal(vocabulary.Tokens, TrainedVocabulary.Create(vocabulary.Tokens, vocabulary.Scores, vocabulary.TokenTypes).Tokens);
    }

    [Fact]
    public void Writes_the_same_tokenizer_metadata_as_the_synthetic_vocabulary()
    {
        var vocabulary = Small.Vocabulary;
        var writer = new GgufWriter();

        vocabulary.WriteTo(writer);
        using var stream = new MemoryStream();
        writer.Write(stream);
        stream.Position = 0;
        var file = GgufFile.Read(stream, "vocab.gguf");

        Assert.Equal("llama", file.GetString(GgufKeys.TokenizerModel));
        Assert.Equal(vocabulary.Tokens, file.GetStringArray(GgufKeys.Tokens));
        Assert.Equal(vocabulary.Scores, file.Metadata[GgufKeys.TokenScores].AsArray<float>());
        Assert.Equal(vocabulary.TokenTypes.Select(t => (int)t), file.Metadata[GgufKeys.TokenTypes].AsArray<int>());
        Assert.Equal((uint)SyntheticVocabulary.BosTokenId, file.GetUInt32(GgufKeys.BosTokenId));
        Assert.Equal((uint)SyntheticVocabulary.ImEndTokenId, file.GetUInt32(GgufKeys.EosTokenId));
        Assert.Equal(0u, file.GetUInt32(GgufKeys.UnknownTokenId));
        Assert.True(file.GetBool(GgufKeys.AddBosToken));
        Assert.Equal(SyntheticVocabulary.ChatMLTemplate, file.ChatTemplate);
    }
}
