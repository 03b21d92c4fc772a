using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// Metrics of one run: SR (target recommended within the turn limit), Recall@k (target within the first k items
/// of a Recommend turn), average turns to success, mean per-turn satisfaction, SR by turn and the satisfaction
/// distribution (for the plots).
/// </summary>
public sealed record SimulationReport(
    RunInfo Run,
    int Sessions,
    double SuccessRate,
    double RecallAtK,
    double AverageTurnsToSuccess,
    double AverageTurns,
    double Satisfaction,
    int UnknownItemRecommendations,
    IReadOnlyList<double> SuccessRateByTurn,
    IReadOnlyList<int> SatisfactionHistogram)
{
    public static SimulationReport Create(RunInfo run, IReadOnlyList<SessionResult> sessions)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sessions);
        int n = sessions.Count;
        var successes = sessions.Where(s => s.Succeeded).ToList();
        var byTurn = Enumerable.Range(1, run.MaxTurns).Select(t => n == 0 ? 0 : sessions.Count(s => s.SuccessTurn <= t) / (double)n).ToList();
        var scores = sessions.SelectMany(s => s.Satisfaction).ToList();
        // Histogram over [0,5] in unit-wide bins, 5 included in the last.
        var histogram = new int[5];
        foreach (var score in scores)
        {
            histogram[Math.Clamp((int)Math.Floor(score), 0, 4)]++;
        }

        return new SimulationReport(
            run,
            n,
            n == 0 ? 0 : successes.Count / (double)n,
            n == 0 ? 0 : sessions.Count(s => s.RecallHit) / (double)n,
            successes.Count == 0 ? 0 : successes.Average(s => s.SuccessTurn!.Value),
            n == 0 ? 0 : sessions.Average(s => s.AgentTurns),
            scores.Count == 0 ? 0 : scores.Average(),
            sessions.Sum(s => s.UnknownItemRecommendations),
            byTurn,
            histogram);
    }

    /// <summary>One JSON object: <c>sr</c>, <c>recall_at_k</c>, <c>avg_turns</c>, <c>satisfaction</c>, <c>sessions</c>, <c>unknown_item_recommendations</c>, and details.</summary>
    public string ToJson() => new JsonObject
    {
        ["run"] = Run.RunId,
        ["agent"] = Run.Agent,
        ["dataset"] = Run.Dataset,
        ["seed"] = Run.Seed,
        ["sr"] = Math.Round(SuccessRate, 4),
        ["recall_at_k"] = Math.Round(RecallAtK, 4),
        ["k"] = Run.RecallK,
        ["avg_turns"] = Math.Round(AverageTurnsToSuccess, 3),
        ["avg_session_turns"] = Math.Round(AverageTurns, 3),
        ["satisfaction"] = Math.Round(Satisfaction, 3),
        ["sessions"] = Sessions,
        ["unknown_item_recommendations"] = UnknownItemRecommendations,
        ["sr_by_turn"] = new JsonArray([.. SuccessRateByTurn.Select(v => (JsonNode)Math.Round(v, 4))]),
        ["satisfaction_histogram"] = new JsonArray([.. SatisfactionHistogram.Select(v => (JsonNode)v)]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>A Markdown table comparing reports (one row each).</summary>
    public static string ToMarkdown(IReadOnlyList<SimulationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var builder = new StringBuilder();
        builder.AppendLine("| run | agent | dataset | sessions | SR | Recall@k | avg turns to success | satisfaction | unknown items |");
        builder.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in reports)
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run.RunId} | {r.Run.Agent} | {r.Run.Dataset} | {r.Sessions} | {r.SuccessRate:F3} | {r.RecallAtK:F3} (k={r.Run.RecallK}) | {r.AverageTurnsToSuccess:F2} | {r.Satisfaction:F2} | {r.UnknownItemRecommendations} |");
        }

        return builder.ToString();
    }
}
