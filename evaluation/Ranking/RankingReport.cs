using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentRec.Evaluation.Ranking;

/// <summary>
/// Mean full-ranking metrics over the evaluated users. <see cref="Metrics"/> is keyed <c>HR@10</c>, <c>NDCG@10</c>,
/// <c>MRR@10</c> (see <see cref="Key"/>), one entry per metric and cutoff.
/// </summary>
public sealed record RankingReport
{
    public required int UserCount { get; init; }

    /// <summary>Cutoffs, ascending.</summary>
    public required IReadOnlyList<int> Cutoffs { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Mean 1-based rank of the targets (no cutoff); a coarse view of the whole ranking.</summary>
    public double MeanRank { get; init; }

    public double this[RankingMetric metric, int cutoff] => Get(metric, cutoff);

    /// <summary>The name a metric has in reports and <see cref="Metrics"/>: <c>HR</c>, <c>NDCG</c>, <c>MRR</c>.</summary>
    public static string Name(RankingMetric metric) => metric switch
    {
        RankingMetric.HitRate => "HR",
        RankingMetric.Ndcg => "NDCG",
        RankingMetric.Mrr => "MRR",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    public static string Key(RankingMetric metric, int cutoff) => string.Create(CultureInfo.InvariantCulture, $"{Name(metric)}@{cutoff}");

    /// <exception cref="KeyNotFoundException">The report has no such metric at that cutoff.</exception>
    public double Get(RankingMetric metric, int cutoff)
    {
        string key = Key(metric, cutoff);
        return Metrics.TryGetValue(key, out double value)
            ? value
            : throw new KeyNotFoundException($"The report has no {key}; its cutoffs are {string.Join(", ", Cutoffs)}.");
    }

    /// <summary>A Markdown table: one row per metric, one column per cutoff, then the user count.</summary>
    public string ToMarkdown(string? title = null)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(title))
        {
            text.Append("### ").AppendLine(title.Trim()).AppendLine();
        }

        RankingTable.AppendHeader(text, Cutoffs);
        foreach (RankingMetric metric in Enum.GetValues<RankingMetric>())
        {
            text.Append("| ").Append(Name(metric));
            foreach (int k in Cutoffs)
            {
                text.Append(" | ").Append(Get(metric, k).ToString("F4", CultureInfo.InvariantCulture));
            }

            text.AppendLine(" |");
        }

        text.AppendLine().Append(CultureInfo.InvariantCulture, $"Users: {UserCount}. Mean rank: {MeanRank:F1}.").AppendLine();
        return text.ToString();
    }

    /// <summary><c>{"users": n, "cutoffs": [...], "mean_rank": r, "metrics": {"HR@5": ..., ...}}</c>, metrics in table order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("users", UserCount);
            RankingTable.WriteCutoffs(json, Cutoffs);
            json.WriteNumber("mean_rank", MeanRank);
            json.WriteStartObject("metrics");
            foreach (RankingMetric metric in Enum.GetValues<RankingMetric>())
            {
                foreach (int k in Cutoffs)
                {
                    json.WriteNumber(Key(metric, k), Get(metric, k));
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
