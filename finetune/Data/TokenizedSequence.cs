namespace AgentRec.Finetune.Data;

/// <summary>
/// A tokenised training sequence: <see cref="Targets"/>[t] is true where token t is predicted by the loss (from
/// the logits at position t − 1), i.e. on assistant tokens; position 0 is never a target.
/// </summary>
public sealed record TokenizedSequence
{
    public TokenizedSequence(int[] tokens, bool[] targets)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(targets);
        if (tokens.Length != targets.Length)
        {
            throw new ArgumentException($"{tokens.Length} tokens but {targets.Length} target flags.", nameof(targets));
        }

        if (targets.Length > 0 && targets[0])
        {
            throw new ArgumentException("The first token cannot be a target: no position predicts it.", nameof(targets));
        }

        Tokens = tokens;
        Targets = targets;
    }

    public int[] Tokens { get; }

    public bool[] Targets { get; }

    public int Length => Tokens.Length;

    public int TargetCount => Targets.Count(t => t);

    /// <summary>The target tokens in order.</summary>
    public int[] TargetTokens() => [.. Tokens.Where((_, i) => Targets[i])];
}
