using AgentRec.Sequential.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>InfoNCE over a batch of paired views (NT-Xent, as CL4SRec and SRA-CL use it).</summary>
internal static class ContrastiveLoss
{
    /// <summary>
    /// For B pairs (a_i, b_i): each of the 2B vectors must pick its partner among the other 2B − 1 by
    /// similarity divided by the temperature; the loss is the mean cross-entropy.
    /// </summary>
    public static Tensor InfoNce(Tensor a, Tensor b, double temperature, ContrastiveSimilarity similarity = ContrastiveSimilarity.Dot)
    {
        using var scope = NewDisposeScope();
        long n = a.shape[0];
        Tensor z = cat([a, b], 0);
        if (similarity == ContrastiveSimilarity.Cosine)
        {
            z = nn.functional.normalize(z, p: 2, dim: 1);
        }

        using Scalar inverseTemperature = (1.0 / temperature).ToScalar();
        Tensor scores = z.matmul(z.t()).mul_(inverseTemperature).masked_fill(eye(2 * n, dtype: ScalarType.Bool), TorchScalars.Excluded);
        using Scalar count = n.ToScalar(), twice = (2 * n).ToScalar();
        Tensor partners = cat([arange(count, twice, dtype: ScalarType.Int64), arange(TorchScalars.Zero, count, dtype: ScalarType.Int64)], 0);
        return nn.functional.cross_entropy(scores, partners).MoveToOuterDisposeScope();
    }
}
