namespace AgentRec.Llm.Grammar;

/// <summary>Options for turning JSON Schemas into llama.cpp GBNF grammars.</summary>
public sealed record JsonGrammarOptions
{
    public static JsonGrammarOptions Default { get; } = new();

    /// <summary>Whitespace allowed between JSON tokens (after <c>{ [ , :</c> and before <c>} ]</c>).</summary>
    public JsonWhitespace Whitespace { get; init; } = JsonWhitespace.SpaceOrNewline;

    /// <summary>Most indentation characters after a newline when <see cref="Whitespace"/> allows newlines.</summary>
    public int MaxIndentation { get; init; } = 20;

    /// <summary>Most digits before the decimal point of a generated number (integers included).</summary>
    public int MaxIntegerDigits { get; init; } = 15;

    /// <summary>Most digits after the decimal point of a generated number; 0 allows integers only.</summary>
    public int MaxFractionDigits { get; init; } = 6;

    /// <summary>Length limit (in code points) for strings whose schema has no <c>maxLength</c>; null = unbounded.</summary>
    public int? DefaultMaxStringLength { get; init; }

    internal void Validate()
    {
        if (MaxIndentation is < 0 or > GbnfExpr.MaxRepetitionBound)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIndentation), MaxIndentation, $"MaxIndentation must be between 0 and {GbnfExpr.MaxRepetitionBound}.");
        }

        if (MaxIntegerDigits is < 1 or > 18)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIntegerDigits), MaxIntegerDigits, "MaxIntegerDigits must be between 1 and 18.");
        }

        if (MaxFractionDigits is < 0 or > 18)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFractionDigits), MaxFractionDigits, "MaxFractionDigits must be between 0 and 18.");
        }

        if (DefaultMaxStringLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMaxStringLength), DefaultMaxStringLength, "DefaultMaxStringLength must not be negative.");
        }
    }
}
