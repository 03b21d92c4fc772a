using AgentRec.Sequential.Experiments;

namespace AgentRec.Sequential.Tests.Experiments;

public sealed class ExperimentSummaryTests
{
    [Fact]
    public void RoundTripsTheOneLineJsonWithItsDocumentedKeys()
    {
        var summary = new ExperimentSummary("beauty", "SasRec", 3, 17, 27, 21.5, 640.2,
            new MetricSummary(0.07, 0.10, 0.13, 0.05, 0.06, 0.07, 22363),
            new MetricSummary(0.06, 0.08, 0.11, 0.04, 0.049, 0.056, 22363));
        var json = summary.ToJson();
        Assert.DoesNotContain('\n', json);
        foreach (var key in new[] { "\"dataset\":", "\"best_epoch\":17", "\"epoch_s\":", "\"total_s\":", "\"hr10\":0.08", "\"ndcg10\":0.049", "\"users\":22363" })
        {
            Assert.Contains(key, json);
        }

        Assert.Equal(summary, ExperimentSummary.Parse(json, "run.json"));
    }

    [Theory]
    [InlineData("{\"dataset\":\"beauty\"", "invalid JSON")]
    [InlineData("{\"dataset\":\"beauty\",\"model\":\"SasRec\"}", "valid and test are required")]
    public void ABrokenSummaryNamesItsFile(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ExperimentSummary.Parse(json, "runs/sasrec-s1.json"));
        Assert.Contains("runs/sasrec-s1.json", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
