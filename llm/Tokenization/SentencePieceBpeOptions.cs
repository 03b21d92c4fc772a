using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tokenization;

/// <summary>Settings of <see cref="SentencePieceBpeTrainer"/>; the defaults follow SentencePiece's BPE trainer.</summary>
public sealed record SentencePieceBpeOptions
{
    /// <summary>Control, byte and character tokens included; 261 are the control and byte tokens.</summary>
    public const int ReservedTokens = SyntheticVocabulary.FirstByteTokenId + 256;

    /// <summary>Tokens wanted in all (control, byte, character and merged pieces); fewer come out only when
    /// the corpus runs out of pairs seen <see cref="MinPairFrequency"/> times.</summary>
    public int VocabularySize { get; init; } = 8192;

    /// <summary>Share of the corpus's characters (by occurrences) that get a piece; the rarest rest is written
    /// as UTF-8 byte tokens. "▁" and printable ASCII always get one.</summary>
    public double CharacterCoverage { get; init; } = 0.9995;

    /// <summary>Longest piece in characters (SentencePiece: 16).</summary>
    public int MaxPieceLength { get; init; } = 16;

    /// <summary>Pairs seen fewer times are not merged.</summary>
    public int MinPairFrequency { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (VocabularySize <= ReservedTokens || VocabularySize > SyntheticVocabulary.MaximumSize)
        {
            throw Invalid(nameof(VocabularySize), $"{VocabularySize} must be above {ReservedTokens} (the control and byte tokens) and at most {SyntheticVocabulary.MaximumSize}");
        }
        if (!(CharacterCoverage is > 0 and <= 1))
        {
            throw Invalid(nameof(CharacterCoverage), $"{CharacterCoverage} must be in (0, 1]");
        }
        if (MaxPieceLength < 2)
        {
            throw Invalid(nameof(MaxPieceLength), $"{MaxPieceLength} must be at least 2");
        }
        if (MinPairFrequency < 1)
        {
            throw Invalid(nameof(MinPairFrequency), $"{MinPairFrequency} must be at least 1");
        }
    }

    private static ArgumentException Invalid(string property, string problem) =>
        new($"SentencePieceBpeOptions.{property}: {problem}.", property);
}
