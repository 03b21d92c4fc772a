using System.Globalization;
using System.Text;
using AgentRec.Evaluation.Simulation;
using Spectre.Console;
using AgentRec.Core.IO;

namespace AgentRec.Cli.Evaluation;

/// <summary>Writes run reports (Markdown, JSON lines, SVG plots) atomically and prints them as a table.</summary>
internal static class ReportFiles
{
    public static string Write(string folder, IReadOnlyList<SimulationReport> reports, IReadOnlyList<(string First, string Second, double WinRate, int Pairs)>? winRates = null)
    {
        Directory.CreateDirectory(folder);
        var markdown = new StringBuilder("# Simulated evaluation\n\n").Append(SimulationReport.ToMarkdown(reports));
        if (winRates is { Count: > 0 })
        {
            markdown.Append("\n| WR | pairs |\n|---|---|\n");
            foreach (var (first, second, rate, pairs) in winRates)
            {
                markdown.Append(CultureInfo.InvariantCulture, $"| {first} vs {second}: {rate:F3} | {pairs} |\n");
            }
        }

        markdown.Append("\n![SR by turn](sr-by-turn.svg)\n\n![Satisfaction](satisfaction.svg)\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), markdown.ToString());
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), string.Join('\n', reports.Select(r => r.ToJson())) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "sr-by-turn.svg"), SvgCharts.SuccessRateByTurn(reports));
        AtomicFile.WriteAllText(Path.Combine(folder, "satisfaction.svg"), SvgCharts.SatisfactionHistogram(reports));
        return folder;
    }

    public static void PrintTable(IReadOnlyList<SimulationReport> reports)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("agent").AddColumn("dataset").AddColumn("users").AddColumn("SR").AddColumn("Recall@k")
            .AddColumn("turns").AddColumn("satisf.").AddColumn("unknown");
        foreach (var r in reports)
        {
            table.AddRow(
                Markup.Escape(r.Run.Agent), Markup.Escape(r.Run.Dataset), r.Sessions.ToString(CultureInfo.InvariantCulture),
                r.SuccessRate.ToString("F3", CultureInfo.InvariantCulture), $"{r.RecallAtK.ToString("F3", CultureInfo.InvariantCulture)} @{r.Run.RecallK}",
                r.AverageTurnsToSuccess.ToString("F2", CultureInfo.InvariantCulture), r.Satisfaction.ToString("F2", CultureInfo.InvariantCulture),
                r.UnknownItemRecommendations.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]SR: target recommended within the turn limit; Recall@k: target among the first k items of a Recommend; turns: average agent turns to success; satisf.: mean expectation-confirmation satisfaction (0–5) per agent turn; unknown: recommended ids missing from the catalog.[/]");
    }
}
