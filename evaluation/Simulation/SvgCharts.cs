using System.Globalization;
using System.Text;

namespace AgentRec.Evaluation.Simulation;

/// <summary>Small self-contained SVG plots for reports: SR by turn (one line per run) and satisfaction histograms.</summary>
public static class SvgCharts
{
    private const int Width = 560;
    private const int Height = 320;
    private const int Left = 56;
    private const int Right = 150;
    private const int Top = 30;
    private const int Bottom = 44;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    public static string SuccessRateByTurn(IReadOnlyList<SimulationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var turns = reports.Count == 0 ? 1 : reports.Max(r => r.SuccessRateByTurn.Count);
        var max = Math.Max(0.05, reports.SelectMany(r => r.SuccessRateByTurn).DefaultIfEmpty(0).Max());
        var svg = Begin("Success rate by turn", "turn", "SR");
        Axes(svg, max, Enumerable.Range(1, turns).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList());
        for (var r = 0; r < reports.Count; r++)
        {
            var color = Palette[r % Palette.Length];
            var points = reports[r].SuccessRateByTurn.Select((v, i) => $"{X(i, turns):F1},{Y(v, max):F1}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
            Legend(svg, r, color, $"{reports[r].Run.Agent} ({reports[r].Run.RunId})");
        }

        return svg.Append("</svg>").ToString();
    }

    public static string SatisfactionHistogram(IReadOnlyList<SimulationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var shares = reports.Select(r =>
        {
            var total = Math.Max(1, r.SatisfactionHistogram.Sum());
            return r.SatisfactionHistogram.Select(c => c / (double)total).ToList();
        }).ToList();
        var max = Math.Max(0.05, shares.SelectMany(s => s).DefaultIfEmpty(0).Max());
        var svg = Begin("Satisfaction per agent turn", "satisfaction", "share of turns");
        string[] labels = ["0–1", "1–2", "2–3", "3–4", "4–5"];
        Axes(svg, max, labels, bars: true);
        var slot = (Width - Left - Right) / (double)labels.Length;
        var barWidth = slot * 0.8 / Math.Max(1, reports.Count);
        for (var r = 0; r < reports.Count; r++)
        {
            var color = Palette[r % Palette.Length];
            for (var b = 0; b < labels.Length; b++)
            {
                var x = Left + (b * slot) + (slot * 0.1) + (r * barWidth);
                var y = Y(shares[r][b], max);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{barWidth:F1}\" height=\"{Height - Bottom - y:F1}\" fill=\"{color}\"/>");
            }

            Legend(svg, r, color, $"{reports[r].Run.Agent} ({reports[r].Run.RunId})");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Begin(string title, string xLabel, string yLabel)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Height / 2})\">{Escape(yLabel)}</text>");
        return svg;
    }

    private static void Axes(StringBuilder svg, double max, IReadOnlyList<string> xLabels, bool bars = false)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = Y(value, max);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left - 4}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{value:0.##}</text>");
        }

        var slot = (Width - Left - Right) / (double)xLabels.Count;
        for (var i = 0; i < xLabels.Count; i++)
        {
            var x = bars ? Left + (slot * (i + 0.5)) : X(i, xLabels.Count);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Escape(xLabels[i])}</text>");
        }
    }

    private static void Legend(StringBuilder svg, int row, string color, string label)
    {
        var y = Top + 10 + (row * 18);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 10}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 24}\" y=\"{y}\">{Escape(label.Length > 20 ? label[..20] : label)}</text>");
    }

    private static double X(int index, int count) => count <= 1 ? Left : Left + (index * (Width - Left - Right) / (double)(count - 1));

    private static double Y(double value, double max) => Height - Bottom - (value / max * (Height - Top - Bottom));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
