using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Tests.TestSupport;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Evaluation;

public sealed class FullRankingEvaluatorTests
{
    [SharedDataFact]
    public async Task MetricsMatchRanksCountedFromTheScoreMatrix()
    {
        LeaveOneOutSplit split = await BeautySlice.SplitAsync();
        manual_seed(8);
        using var model = new SasRec(split.Dataset.ItemCount, new SasRecOptions { HiddenSize = 16, InnerSize = 32 });
        // Bias the scores towards the targets so that hits at 5/10/20 actually occur.
        using (no_grad())
        {
            foreach (SequenceExample example in split.Test.Take(40))
            {
                model.Encoder.ItemWeights[example.Target - 1].mul_(25);
            }
        }

        IReadOnlyList<SequenceExample> examples = split.Test;
        RankingMetrics metrics = FullRankingEvaluator.Evaluate(model, examples, batchSize: 33, CancellationToken.None);

        float[,] scores = new SequentialRecommender(model).ScoreAll([.. examples.Select(e => e.History)]);
        double[] hits = new double[3], gains = new double[3];
        int[] cutoffs = [5, 10, 20];
        for (int u = 0; u < examples.Count; u++)
        {
            var history = examples[u].History.ToHashSet();
            float target = scores[u, examples[u].Target];
            int rank = Enumerable.Range(1, model.ItemCount)
                .Count(i => (!history.Contains(i) || i == examples[u].Target) && scores[u, i] > target);
            for (int c = 0; c < 3; c++)
            {
                if (rank < cutoffs[c])
                {
                    hits[c]++;
                    gains[c] += 1 / Math.Log2(rank + 2);
                }
            }
        }

        Assert.Equal(examples.Count, metrics.Users);
        Assert.True(hits[0] > 0, "the biased model should hit some targets in its top 5");
        Assert.Equal(hits[0] / examples.Count, metrics.HitRate5, 1e-9);
        Assert.Equal(hits[1] / examples.Count, metrics.HitRate10, 1e-9);
        Assert.Equal(hits[2] / examples.Count, metrics.HitRate20, 1e-9);
        Assert.Equal(gains[0] / examples.Count, metrics.Ndcg5, 1e-9);
        Assert.Equal(gains[1] / examples.Count, metrics.Ndcg10, 1e-9);
        Assert.Equal(gains[2] / examples.Count, metrics.Ndcg20, 1e-9);
    }
}
