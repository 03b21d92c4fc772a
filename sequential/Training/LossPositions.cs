namespace AgentRec.Sequential.Training;

/// <summary>Where the cross-entropy over all items is taken during training.</summary>
public enum LossPositions
{
    /// <summary>
    /// At every position of each user's train sequence (next item of every prefix, in one pass per
    /// user). Logits are computed only at real positions, never at padding, so an epoch costs about
    /// as much as the number of training targets.
    /// </summary>
    All,

    /// <summary>Only at the newest position: one target per user and epoch.</summary>
    Last,
}
