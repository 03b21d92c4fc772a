using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Native;
using AgentRec.Sequential.Training;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Evaluation;

/// <summary>
/// The minimal full-ranking evaluation used for early stopping: every item is a candidate except the
/// history's own items (the target stays a candidate even when it also occurs in the history); the
/// target's rank is the number of candidates scored strictly higher. The project's shared metrics live
/// in evaluation/; this one exists so training does not depend on it.
/// </summary>
internal static class FullRankingEvaluator
{
    public static RankingMetrics Evaluate(SequentialModel model, IReadOnlyList<SequenceExample> examples, int batchSize, CancellationToken cancellationToken)
    {
        double[] hits = new double[3];
        double[] gains = new double[3];
        int[] cutoffs = [5, 10, 20];
        // Batches of similar history length are narrow (a batch is as wide as its longest history);
        // the metrics are means, so the order does not matter.
        examples = [.. examples.OrderBy(e => Math.Min(e.History.Count, model.Backbone.MaxLength))];
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < examples.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, examples.Count - start);
                var histories = new IReadOnlyList<int>[count];
                var targets = new long[count];
                for (int i = 0; i < count; i++)
                {
                    histories[i] = examples[start + i].History;
                    targets[i] = examples[start + i].Target - 1;
                }

                Tensor scores = model.Score(SequenceTensors.LeftPad(histories, model.Backbone.MaxLength));
                ExcludeHistories(scores, histories, targets);
                Tensor targetScores = scores.gather(1, tensor(targets).unsqueeze(1));
                long[] ranks = scores.gt(targetScores).sum(1, type: ScalarType.Int64).data<long>().ToArray();
                foreach (long rank in ranks)
                {
                    for (int c = 0; c < cutoffs.Length; c++)
                    {
                        if (rank < cutoffs[c])
                        {
                            hits[c] += 1;
                            gains[c] += 1.0 / Math.Log2(rank + 2);
                        }
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        double n = Math.Max(examples.Count, 1);
        return new RankingMetrics(examples.Count, hits[0] / n, hits[1] / n, hits[2] / n, gains[0] / n, gains[1] / n, gains[2] / n);
    }

    /// <summary>Sets the scores (B, N) of each row's history items to −∞, except the row's target column when given.</summary>
    public static void ExcludeHistories(Tensor scores, IReadOnlyList<IReadOnlyList<int>> histories, long[]? targetColumns)
    {
        var rows = new List<long>();
        var columns = new List<long>();
        for (int r = 0; r < histories.Count; r++)
        {
            foreach (int item in histories[r])
            {
                if (targetColumns is not null && item - 1 == targetColumns[r])
                {
                    continue;
                }

                rows.Add(r);
                columns.Add(item - 1);
            }
        }

        if (rows.Count > 0)
        {
            scores.index_put_(TorchScalars.NegativeInfinity, tensor(rows.ToArray()), tensor(columns.ToArray()));
        }
    }
}
