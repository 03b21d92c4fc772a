using AgentRec.Llm.Gguf;
using AgentRec.Llm.Tokenization;

namespace AgentRec.Llm.Tests.Tokenization;

public sealed class SentencePieceBpeTrainerTests
{
    [Fact]
    public void Learns_the_most_frequent_pairs_first_and_stops_when_pairs_run_out()
    {
        // Words: ▁hug ×3, ▁pug, ▁pun, ▁bun, ▁hugs. Counts by hand: (u,g) 5; then (▁,h) and (h,ug) 4, tie to the
        // pair of earlier pieces ("▁" is the first piece); then (▁h,ug) 4; then (▁,p) and (u,n) 2; then only 1s.
        var trainer = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 1000 });

        var result = trainer.Train(["hug hug hug pug", "pun bun hugs"]);

        Assert.Equal(["ug", "▁h", "▁hug", "▁p", "un"], result.Merges.Select(m => m.Result));
        Assert.Equal(new BpeMerge("▁h", "ug"), result.Merges[2]);
        var vocabulary = result.Vocabulary;
        Assert.Equal(["ug", "▁h", "▁hug", "▁p", "un"], vocabulary.Tokens.TakeLast(5));
        Assert.True(vocabulary.Count < 1000);
        // "▁b" was never learned: "bun" keeps its own "▁".
        Assert.Equal(["▁hug", "s", "▁p", "un", "▁", "b", "un"], vocabulary.Segment("hugs pun bun"));
        Assert.Equal(["▁hug", "s", "▁p", "un", "▁", "b", "un"], result.ApplyMerges("hugs pun bun"));
        Assert.Equal(2, result.TextCount);
        Assert.Equal(7, result.WordCount);
        Assert.Equal(5, result.DistinctWords);
    }

    [Fact]
    public void Vocabulary_keeps_the_synthetic_control_and_byte_ids_and_scores_fall_with_merge_order()
    {
        var result = RedialTexts.Trained;
        var vocabulary = result.Vocabulary;
        var synthetic = SyntheticVocabulary.Create(RedialTexts.VocabularySize);

        Assert.Equal(RedialTexts.VocabularySize, vocabulary.Count);
        Assert.Equal(synthetic.Tokens.Take(261), vocabulary.Tokens.Take(261));
        Assert.Equal(synthetic.TokenTypes.Take(261), vocabulary.TokenTypes.Take(261));
        Assert.Equal(synthetic.EosTokenId, vocabulary.EosTokenId);
        Assert.Equal("▁", vocabulary.Tokens[261]);
        Assert.All(vocabulary.TokenTypes.Skip(261), t => Assert.Equal(LlamaTokenType.Normal, t));
        var normal = vocabulary.Scores.Skip(261).ToArray();
        Assert.All(normal.Zip(normal.Skip(1)), pair => Assert.True(pair.First > pair.Second));

        // Every merged piece comes after the two pieces it joins, and no piece spans two words.
        var idOf = vocabulary.Tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var firstMerged = vocabulary.Count - result.Merges.Select(m => m.Result).Distinct().Count();
        foreach (var merge in result.Merges)
        {
            var id = idOf[merge.Result];
            Assert.True(id >= firstMerged);
            Assert.True(idOf[merge.Left] < id && idOf[merge.Right] < id, $"'{merge.Result}' comes before its parts");
        }
        Assert.All(vocabulary.Tokens.Skip(261), t => Assert.DoesNotContain('▁', t[1..]));
        Assert.Contains("▁movie", vocabulary.Tokens);
        Assert.Contains("é", vocabulary.Tokens);
    }

    [Fact]
    public void Merging_by_the_learned_merges_agrees_with_the_score_order_on_held_out_text()
    {
        var result = RedialTexts.Trained;
        var heldOut = RedialTexts.Default.HeldOut;

        var agreeing = heldOut.Count(text => result.ApplyMerges(text).SequenceEqual(result.Vocabulary.Segment(text)));

        // A piece reachable by a split the merges never made may differ; on ReDial that is (nearly) never.
        Assert.True(agreeing >= heldOut.Count * 0.99, $"{agreeing} of {heldOut.Count} held-out texts agree");
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var corpus = RedialTexts.Default.Training.Take(6000).ToArray();
        var options = new SentencePieceBpeOptions { VocabularySize = 1500 };

        var first = new SentencePieceBpeTrainer(options).Train(corpus);
        var second = new SentencePieceBpeTrainer(options).Train(corpus.ToList());

        Assert.Equal(first.Vocabulary.Tokens, second.Vocabulary.Tokens);
        Assert.Equal(first.Vocabulary.Scores, second.Vocabulary.Scores);
        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(1500, first.Vocabulary.Count);
    }

    [Fact]
    public void Rare_characters_fall_back_to_bytes_and_still_round_trip()
    {
        var corpus = Enumerable.Repeat("hello world, hello there", 2000).Append("Ωmega").ToArray();

        var covered = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 400, CharacterCoverage = 0.9999 }).Train(corpus);
        var everything = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 400, CharacterCoverage = 1.0 }).Train(corpus);

        Assert.Equal(["Ω"], covered.ByteFallbackCharacters);
        Assert.Null(covered.Vocabulary.FindToken("Ω"));
        var tokens = covered.Vocabulary.Encode("Ωmega");
        Assert.Equal(["<0xCE>", "<0xA9>"], tokens.Take(3).Skip(1).Select(id => covered.Vocabulary.Tokens[id]));
        Assert.Equal("▁", covered.Vocabulary.Tokens[tokens[0]]);
        Assert.Equal("Ωmega", covered.Vocabulary.Decode(tokens));
        Assert.Equal(["▁", "<0xCE>", "<0xA9>"], covered.ApplyMerges("Ω"));

        Assert.Empty(everything.ByteFallbackCharacters);
        Assert.NotNull(everything.Vocabulary.FindToken("Ω"));
    }

    [Fact]
    public void Progress_goes_from_counting_through_merging_to_done()
    {
        var reports = new List<BpeTrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);

        var result = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 1000 })
            .Train(RedialTexts.Default.Training.Take(5000), progress);

        Assert.Equal(BpeTrainingStage.Counting, reports[0].Stage);
        Assert.Contains(reports, r => r is { Stage: BpeTrainingStage.Counting, Done: 5000 });
        var merging = reports.Where(r => r.Stage == BpeTrainingStage.Merging).ToArray();
        Assert.True(merging.Length >= 2);
        Assert.All(merging.Zip(merging.Skip(1)), pair => Assert.True(pair.Second.Done >= pair.First.Done));
        Assert.Equal(reports.Count - 1, reports.FindIndex(r => r.Stage == BpeTrainingStage.Done));
        Assert.Equal(new BpeTrainingProgress(BpeTrainingStage.Done, result.Vocabulary.Count, 1000), reports[^1]);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new SentencePieceBpeTrainer().Train(RedialTexts.Default.Training, cancellationToken: cancellation.Token));
    }

    [Theory]
    [InlineData(261, 0.9995, 16, 2, "VocabularySize")]
    [InlineData(1000, 0.0, 16, 2, "CharacterCoverage")]
    [InlineData(1000, 1.5, 16, 2, "CharacterCoverage")]
    [InlineData(1000, 0.9995, 1, 2, "MaxPieceLength")]
    [InlineData(1000, 0.9995, 16, 0, "MinPairFrequency")]
    public void Invalid_options_name_the_property(int size, double coverage, int maxLength, int minFrequency, string property)
    {
        var options = new SentencePieceBpeOptions { VocabularySize = size, CharacterCoverage = coverage, MaxPieceLength = maxLength, MinPairFrequency = minFrequency };

        var error = Assert.Throws<ArgumentException>(() => new SentencePieceBpeTrainer(options));

        Assert.Equal(property, error.ParamName);
        Assert.Contains(property, error.Message);
    }

    [Fact]
    public void A_vocabulary_too_small_for_the_characters_is_refused()
    {
        // 261 reserved tokens, "▁" and the 94 printable ASCII characters already fill 356 slots.
        var error = Assert.Throws<ArgumentException>(() =>
            new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 356 }).Train(["plain text"]));

        Assert.Contains("95 character pieces", error.Message);
        Assert.Contains("VocabularySize", error.Message);
    }

    [Fact]
    public void Pieces_are_no_longer_than_the_limit()
    {
        var corpus = Enumerable.Repeat("supercalifragilistic supercalifragilistic", 50).ToArray();

        var result = new SentencePieceBpeTrainer(new SentencePieceBpeOptions { VocabularySize = 500, MaxPieceLength = 6 }).Train(corpus);

        Assert.All(result.Vocabulary.Tokens.Skip(261), t => Assert.InRange(t.Length, 1, 6));
        Assert.Equal("supercalifragilistic", result.Vocabulary.Decode(result.Vocabulary.Encode("supercalifragilistic")));
        Assert.True(result.Vocabulary.Encode("supercalifragilistic").Length >= 4);
    }

    private sealed class SynchronousProgress(Action<BpeTrainingProgress> report) : IProgress<BpeTrainingProgress>
    {
        public void Report(BpeTrainingProgress value) => report(value);
    }
}
