using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class TextTokenizerTests
{
    [Fact]
    public void LowercasesWordsDropsNoiseAndAddsBigrams()
    {
        var tokenizer = new TextTokenizer(bigrams: true, TfidfSvdOptions.EnglishStopWords);

        List<string> tokens = tokenizer.Tokenize("Star Wars: Episode IV (1977) — it's 2 GOOD, Amélie!");

        Assert.Equal(
            ["star", "wars", "episode", "iv", "1977", "good", "amélie",
             "star wars", "wars episode", "episode iv", "iv 1977", "1977 good", "good amélie"],
            tokens);
    }

    [Fact]
    public void WithoutStopWordsOrBigramsKeepsEveryWord()
    {
        var tokenizer = new TextTokenizer(bigrams: false, stopWords: null);

        Assert.Equal(["the", "lord", "of", "the", "rings", "500"], tokenizer.Tokenize("The Lord of the Rings 500 a 42"));
    }
}
