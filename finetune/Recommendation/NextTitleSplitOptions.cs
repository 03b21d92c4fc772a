namespace AgentRec.Finetune.Recommendation;

/// <summary>How <see cref="NextTitleSplits"/> cuts a dataset into next-title examples.</summary>
public sealed record NextTitleSplitOptions
{
    /// <summary>
    /// Training targets per user, taken from the end of the user's training part (leave-one-out datasets only): the
    /// most recent behaviour is the most like the test target, and a cap keeps heavy users from dominating.
    /// </summary>
    public int TargetsPerUser { get; init; } = 5;

    /// <summary>Most history titles before a target (the most recent ones are kept).</summary>
    public int HistoryLength { get; init; } = 10;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (TargetsPerUser < 1)
        {
            throw new ArgumentException($"NextTitleSplitOptions.TargetsPerUser = {TargetsPerUser}: must be at least 1.");
        }

        if (HistoryLength < 1)
        {
            throw new ArgumentException($"NextTitleSplitOptions.HistoryLength = {HistoryLength}: must be at least 1.");
        }
    }
}
