namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// A model under evaluation: scores every catalog item for each history. The evaluator never tells it the target,
/// so it cannot leak into the scores.
/// </summary>
public interface IItemScorer
{
    /// <summary>
    /// One row per history (same order), one column per item index: column <c>i</c> scores the item with 1-based
    /// catalog index <c>i</c>, column 0 (padding) is ignored. Higher is better; every row must cover all items.
    /// </summary>
    /// <param name="histories">Item indices, oldest first, as in <see cref="AgentRec.Core.Data.Splits.SequenceExample.History"/>.</param>
    ValueTask<float[,]> ScoreAsync(IReadOnlyList<IReadOnlyList<int>> histories, CancellationToken cancellationToken = default);
}
