using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentRec.Evaluation.Ranking;

/// <summary>Layout shared by the single-run and across-seeds renderings, so both tables read alike.</summary>
internal static class RankingTable
{
    public static void AppendHeader(StringBuilder text, IReadOnlyList<int> cutoffs)
    {
        text.Append("| Metric");
        foreach (int k in cutoffs)
        {
            text.Append(CultureInfo.InvariantCulture, $" | @{k}");
        }

        text.AppendLine(" |").Append("|---");
        foreach (int _ in cutoffs)
        {
            text.Append("|---:");
        }

        text.AppendLine("|");
    }

    public static void WriteCutoffs(Utf8JsonWriter json, IReadOnlyList<int> cutoffs)
    {
        json.WriteStartArray("cutoffs");
        foreach (int k in cutoffs)
        {
            json.WriteNumberValue(k);
        }

        json.WriteEndArray();
    }
}
