using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentRec.Evaluation.Ranking;

/// <summary>Each metric's <see cref="MeanStd"/> over several runs of one protocol (typically one run per seed).</summary>
public sealed record RankingSummary
{
    public required int RunCount { get; init; }

    public required IReadOnlyList<int> Cutoffs { get; init; }

    /// <summary>Keyed like <see cref="RankingReport.Metrics"/>.</summary>
    public required IReadOnlyDictionary<string, MeanStd> Metrics { get; init; }

    /// <summary>Users per run (runs of one protocol evaluate the same users, but this is not assumed).</summary>
    public required MeanStd UserCount { get; init; }

    public MeanStd this[RankingMetric metric, int cutoff] => Metrics.TryGetValue(RankingReport.Key(metric, cutoff), out MeanStd? value)
        ? value
        : throw new KeyNotFoundException($"The summary has no {RankingReport.Key(metric, cutoff)}; its cutoffs are {string.Join(", ", Cutoffs)}.");

    /// <exception cref="ArgumentException">No runs, or runs that differ in cutoffs or metrics.</exception>
    public static RankingSummary Across(IReadOnlyList<RankingReport> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("A summary needs at least one run.", nameof(runs));
        }

        RankingReport first = runs[0] ?? throw new ArgumentException("Run 0 is null.", nameof(runs));
        for (int r = 1; r < runs.Count; r++)
        {
            RankingReport run = runs[r] ?? throw new ArgumentException($"Run {r} is null.", nameof(runs));
            if (!run.Cutoffs.SequenceEqual(first.Cutoffs) || !run.Metrics.Keys.Order(StringComparer.Ordinal).SequenceEqual(first.Metrics.Keys.Order(StringComparer.Ordinal)))
            {
                throw new ArgumentException(
                    $"Run {r} has cutoffs {string.Join(", ", run.Cutoffs)} and metrics {string.Join(", ", run.Metrics.Keys)}; " +
                    $"run 0 has {string.Join(", ", first.Cutoffs)} and {string.Join(", ", first.Metrics.Keys)}.", nameof(runs));
            }
        }

        var metrics = first.Metrics.Keys.ToDictionary(key => key, key => MeanStd.Of(runs.Select(run => run.Metrics[key])), StringComparer.Ordinal);
        return new RankingSummary
        {
            RunCount = runs.Count,
            Cutoffs = first.Cutoffs,
            Metrics = metrics,
            UserCount = MeanStd.Of(runs.Select(run => (double)run.UserCount)),
        };
    }

    /// <summary>A Markdown table of <c>mean ± std</c> per metric and cutoff.</summary>
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
            text.Append("| ").Append(RankingReport.Name(metric));
            foreach (int k in Cutoffs)
            {
                text.Append(" | ").Append(this[metric, k].ToString());
            }

            text.AppendLine(" |");
        }

        text.AppendLine().Append(CultureInfo.InvariantCulture, $"Runs: {RunCount}. Users per run: {UserCount.Mean:F0}.").AppendLine();
        return text.ToString();
    }

    /// <summary><c>{"runs": n, "cutoffs": [...], "metrics": {"HR@5": {"mean": m, "std": s}, ...}}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("runs", RunCount);
            RankingTable.WriteCutoffs(json, Cutoffs);
            json.WriteNumber("users", UserCount.Mean);
            json.WriteStartObject("metrics");
            foreach (RankingMetric metric in Enum.GetValues<RankingMetric>())
            {
                foreach (int k in Cutoffs)
                {
                    MeanStd value = this[metric, k];
                    json.WriteStartObject(RankingReport.Key(metric, k));
                    json.WriteNumber("mean", value.Mean);
                    json.WriteNumber("std", value.StandardDeviation);
                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
