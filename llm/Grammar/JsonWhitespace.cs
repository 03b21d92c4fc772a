namespace AgentRec.Llm.Grammar;

/// <summary>Which whitespace a JSON grammar allows between tokens. Every choice is bounded, so a weak model cannot loop on blanks.</summary>
public enum JsonWhitespace
{
    /// <summary>No whitespace at all (compact JSON, fewest tokens).</summary>
    None,

    /// <summary>At most one space between tokens.</summary>
    SingleSpace,

    /// <summary>At most one space, or one newline followed by up to <see cref="JsonGrammarOptions.MaxIndentation"/> spaces or tabs.</summary>
    SpaceOrNewline,
}
