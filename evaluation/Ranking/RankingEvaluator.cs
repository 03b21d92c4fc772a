using System.Runtime.InteropServices;
using AgentRec.Core.Data.Splits;

namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// The offline full-ranking protocol: scores each example's history against the whole catalog in batches, ranks the
/// held-out target with <see cref="RankingMetrics"/> (history excluded, pessimistic ties) and reports the means.
/// </summary>
public sealed class RankingEvaluator
{
    private readonly RankingEvaluatorOptions _options;

    public RankingEvaluator(RankingEvaluatorOptions? options = null)
    {
        _options = options ?? new RankingEvaluatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        RankingMetrics.ValidateCutoffs(_options.Cutoffs);
    }

    /// <param name="scorer">Scores a batch of histories; see <see cref="IItemScorer.ScoreAsync"/> for the matrix layout.</param>
    /// <param name="examples">Typically <see cref="LeaveOneOutSplit.Test"/> or <see cref="LeaveOneOutSplit.Valid"/>.</param>
    /// <param name="progress">Receives the number of examples ranked so far after each batch.</param>
    /// <exception cref="InvalidOperationException">The scorer returned a matrix of the wrong shape.</exception>
    public async Task<RankingReport> EvaluateAsync(
        IItemScorer scorer,
        IReadOnlyList<SequenceExample> examples,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(examples);
        var metrics = new RankingMetrics(_options.Cutoffs);
        for (int start = 0; start < examples.Count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(_options.BatchSize, examples.Count - start);
            var histories = new IReadOnlyList<int>[size];
            for (int i = 0; i < size; i++)
            {
                SequenceExample example = examples[start + i] ?? throw new ArgumentException($"Example {start + i} is null.", nameof(examples));
                histories[i] = example.History;
            }

            float[,] scores = await scorer.ScoreAsync(histories, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The scorer returned no scores for examples {start}..{start + size - 1}.");
            if (scores.GetLength(0) != size)
            {
                throw new InvalidOperationException(
                    $"The scorer returned {scores.GetLength(0)} score rows for a batch of {size} histories (examples {start}..{start + size - 1}).");
            }

            int columns = scores.GetLength(1);
            for (int i = 0; i < size; i++)
            {
                SequenceExample example = examples[start + i];
                if (example.Target < 1 || example.Target >= columns)
                {
                    throw new InvalidOperationException(
                        $"Example {start + i} (user '{example.UserId}') has target item {example.Target}, but the scorer returned only {columns} columns " +
                        "(one per item index, column 0 for padding).");
                }

                ReadOnlySpan<float> row = MemoryMarshal.CreateReadOnlySpan(ref scores[i, 0], columns);
                metrics.Add(row, example.History, example.Target);
            }

            progress?.Report(start + size);
        }

        return metrics.ToReport();
    }

    /// <summary>Evaluates a synchronous scoring function (e.g. a TorchSharp model's full-sort predict).</summary>
    public Task<RankingReport> EvaluateAsync(
        Func<IReadOnlyList<IReadOnlyList<int>>, float[,]> scorer,
        IReadOnlyList<SequenceExample> examples,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return EvaluateAsync(new FunctionScorer(scorer), examples, progress, cancellationToken);
    }

    private sealed class FunctionScorer(Func<IReadOnlyList<IReadOnlyList<int>>, float[,]> score) : IItemScorer
    {
        public ValueTask<float[,]> ScoreAsync(IReadOnlyList<IReadOnlyList<int>> histories, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(score(histories));
        }
    }
}
