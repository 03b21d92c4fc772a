using AgentRec.Sequential.Models;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Tests.Models;

public sealed class ContrastiveLossTests
{
    // Two users, views identical: each row's partner scores s, the two others 0 → loss = ln(1 + 2/e^s).
    [Theory]
    [InlineData(1.0, 1.0, ContrastiveSimilarity.Dot, 1.0)]
    [InlineData(1.0, 0.5, ContrastiveSimilarity.Dot, 2.0)]
    [InlineData(2.0, 1.0, ContrastiveSimilarity.Dot, 4.0)]
    [InlineData(2.0, 1.0, ContrastiveSimilarity.Cosine, 1.0)]
    [InlineData(2.0, 0.25, ContrastiveSimilarity.Cosine, 4.0)]
    public void InfoNceMatchesHandComputedValue(double length, double temperature, ContrastiveSimilarity similarity, double partnerScore)
    {
        float l = (float)length;
        using Tensor views = tensor(new[] { l, 0, 0, l }, [2, 2]);

        using Tensor loss = ContrastiveLoss.InfoNce(views, views, temperature, similarity);

        Assert.Equal(Math.Log(1 + 2 / Math.Exp(partnerScore)), loss.item<float>(), 1e-5);
    }

    [Fact]
    public void SwappedPartnersCostMore()
    {
        using Tensor a = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using Tensor b = tensor(new float[] { 0, 1, 1, 0 }, [2, 2]);

        using Tensor matched = ContrastiveLoss.InfoNce(a, a, 1.0);
        using Tensor swapped = ContrastiveLoss.InfoNce(a, b, 1.0);

        Assert.True(swapped.item<float>() > matched.item<float>() + 0.5);
    }
}
