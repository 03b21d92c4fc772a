using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentRec.Evaluation.Ranking;

namespace AgentRec.Cli.Evaluation;

/// <summary>The result of `agentrec bench cft`: the setting, and one <see cref="CftBenchmarkRun"/> per method.</summary>
internal sealed record CftBenchmarkSummary
{
    /// <summary>snake_case, and titles as written (these files are read by people and scripts, never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required string Dataset { get; init; }

    public required string BaseModel { get; init; }

    public required int CatalogItems { get; init; }

    public required int TrainExamples { get; init; }

    public required int TestRows { get; init; }

    /// <summary>The token budget in effect (the option, or the one chosen from the model's context).</summary>
    public required int MaxLength { get; init; }

    public required CftBenchmarkOptions Options { get; init; }

    public required IReadOnlyList<CftBenchmarkRun> Runs { get; init; }

    /// <summary>SFT+CFT against SFT on the same test rows; null in summaries written before it existed.</summary>
    public CftComparison? Comparison { get; init; }

    /// <summary>One row per method: test rows, exact-title share, then HR and NDCG at every cutoff.</summary>
    public string ToMarkdown()
    {
        var cutoffs = TitleGrounding.Cutoffs;
        var text = new StringBuilder().Append("| Method | Test rows | Exact title");
        foreach (var metric in new[] { RankingMetric.HitRate, RankingMetric.Ndcg })
        {
            foreach (int k in cutoffs)
            {
                text.Append(" | ").Append(RankingReport.Key(metric, k));
            }
        }

        text.AppendLine(" |").Append("|---|---:|---:");
        text.Append(string.Concat(Enumerable.Repeat("|---:", cutoffs.Count * 2))).AppendLine("|");
        foreach (var run in Runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {run.Method} | {run.TestRows} | {run.ExactTitleShare:F4}");
            foreach (var metric in new[] { RankingMetric.HitRate, RankingMetric.Ndcg })
            {
                foreach (int k in cutoffs)
                {
                    text.Append(CultureInfo.InvariantCulture, $" | {run.Metrics[RankingReport.Key(metric, k)]:F4}");
                }
            }

            text.AppendLine(" |");
        }

        if (Comparison is { } c)
        {
            text.AppendLine().AppendLine(FormattableString.Invariant(
                $"SFT+CFT − SFT on the same {c.Ndcg10.Rows} rows, paired bootstrap, {c.Ndcg10.Confidence:P0} interval: NDCG@10 {c.Ndcg10}; HR@10 {c.HitRate10}."));
        }

        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
