namespace AgentRec.Sequential.Evaluation;

/// <summary>
/// What an evaluator needs from a sequential recommender: raw scores for every item after each history.
/// Ranking metrics and history exclusion are the evaluator's business.
/// </summary>
public interface ISequentialScorer
{
    /// <summary>
    /// One row per history (item indices, oldest first) and one column per item index 0..N; column 0 is
    /// padding and always holds negative infinity. Higher is better.
    /// </summary>
    float[,] ScoreAll(IReadOnlyList<IReadOnlyList<int>> histories);
}
