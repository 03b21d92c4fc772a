using System.Globalization;
using System.Text;
using AgentRec.Core.Catalog;

namespace AgentRec.Agents.Prompts;

/// <summary>
/// The candidate lines of the agent prompt, <c>id | title | details</c>: written here for the model and read
/// back here by anything that has to understand a recorded prompt (a scripted teacher, trajectory tools).
/// </summary>
public static class CandidateList
{
    private const string Header = "Candidates (id | title | details):";

    /// <summary>One candidate line: id, title, year and up to four attribute values.</summary>
    public static string Describe(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var details = new StringBuilder();
        if (item.Year is { } year)
        {
            details.Append(year.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var attribute in item.Attributes.Take(4))
        {
            details.Append(details.Length > 0 ? ", " : string.Empty).Append(ItemAttribute.Split(attribute).Value);
        }

        return $"{item.Id} | {item.Title ?? item.Id} | {details}";
    }

    /// <summary>The candidates listed in a rendered prompt, in prompt order (empty when it lists none).</summary>
    public static IReadOnlyList<ListedCandidate> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        int start = prompt.IndexOf(Header, StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var result = new List<ListedCandidate>();
        foreach (var line in prompt[(start + Header.Length)..].Split('\n'))
        {
            var parts = line.Split(" | ");
            if (parts.Length < 3)
            {
                if (result.Count > 0 || line.Trim() is not ("" or "(none)"))
                {
                    break;
                }

                continue;
            }

            result.Add(new ListedCandidate(parts[0].Trim(), parts[1].Trim(), string.Join(" | ", parts[2..]).Trim()));
        }

        return result;
    }
}

/// <summary>A candidate as the prompt shows it.</summary>
public sealed record ListedCandidate(string Id, string Title, string Details);
