using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Inference;

/// <summary>
/// Batched inference over a trained <see cref="SequentialModel"/>: top-k items for user histories and
/// full score matrices for evaluation. Runs the model in evaluation mode without gradients.
/// </summary>
public sealed class SequentialRecommender : ISequentialScorer
{
    private readonly SequentialModel _model;
    private readonly int _batchSize;

    /// <param name="batchSize">Histories scored per forward pass (memory ≈ batchSize × N floats).</param>
    public SequentialRecommender(SequentialModel model, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _model = model;
        _batchSize = batchSize;
    }

    /// <summary>Items in the catalogue (indices 1..N).</summary>
    public int ItemCount => _model.ItemCount;

    /// <summary>
    /// The <paramref name="k"/> best items after each history, best first. Items of the history itself
    /// are never returned when <paramref name="excludeHistory"/> is true (the default).
    /// </summary>
    /// <exception cref="ArgumentException">A history is null or holds an index outside 1..N.</exception>
    public IReadOnlyList<RankedItems> TopK(IReadOnlyList<IReadOnlyList<int>> histories, int k, bool excludeHistory = true)
    {
        CheckHistories(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int take = Math.Min(k, ItemCount);
        var results = new RankedItems[histories.Count];
        Run(histories, (start, batch, scores) =>
        {
            if (excludeHistory)
            {
                FullRankingEvaluator.ExcludeHistories(scores, batch, targetColumns: null);
            }

            (Tensor values, Tensor indices) = scores.topk(take, dim: 1, largest: true, sorted: true);
            float[] topScores = values.data<float>().ToArray();
            long[] topColumns = indices.data<long>().ToArray();
            for (int r = 0; r < batch.Count; r++)
            {
                var items = new List<int>(take);
                var itemScores = new List<float>(take);
                for (int j = 0; j < take; j++)
                {
                    float score = topScores[r * take + j];
                    if (float.IsNegativeInfinity(score))
                    {
                        break; // fewer than k items remain once the history is excluded
                    }

                    items.Add((int)topColumns[r * take + j] + 1);
                    itemScores.Add(score);
                }

                results[start + r] = new RankedItems(items, itemScores);
            }
        });
        return results;
    }

    /// <inheritdoc />
    public float[,] ScoreAll(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        CheckHistories(histories);
        var result = new float[histories.Count, ItemCount + 1];
        Run(histories, (start, batch, scores) =>
        {
            float[] values = scores.data<float>().ToArray();
            for (int r = 0; r < batch.Count; r++)
            {
                result[start + r, 0] = float.NegativeInfinity;
                for (int item = 1; item <= ItemCount; item++)
                {
                    result[start + r, item] = values[r * ItemCount + item - 1];
                }
            }
        });
        return result;
    }

    private void Run(IReadOnlyList<IReadOnlyList<int>> histories, Action<int, IReadOnlyList<IReadOnlyList<int>>, Tensor> consume)
    {
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < histories.Count; start += _batchSize)
            {
                using var scope = NewDisposeScope();
                IReadOnlyList<int>[] batch = [.. histories.Skip(start).Take(_batchSize)];
                consume(start, batch, _model.Score(SequenceTensors.LeftPad(batch, _model.Backbone.MaxLength)));
            }
        }
        finally
        {
            _model.train(wasTraining);
        }
    }

    private void CheckHistories(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        for (int h = 0; h < histories.Count; h++)
        {
            IReadOnlyList<int> history = histories[h] ?? throw new ArgumentException($"History {h} is null.", nameof(histories));
            for (int i = 0; i < history.Count; i++)
            {
                if (history[i] < 1 || history[i] > ItemCount)
                {
                    throw new ArgumentException($"History {h} item {i} has index {history[i]}, outside 1..{ItemCount}.", nameof(histories));
                }
            }
        }
    }
}
