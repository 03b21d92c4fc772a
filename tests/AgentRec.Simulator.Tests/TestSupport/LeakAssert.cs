using System.Text.RegularExpressions;
using AgentRec.Core.Catalog;

namespace AgentRec.Simulator.Tests.TestSupport;

/// <summary>
/// An independent check that text does not name an item: its id as a whole token, its full title, or its
/// title without the year as a whole phrase (case-insensitive). Written apart from the product's guard
/// so that the leak tests do not grade the guard with itself.
/// </summary>
internal static partial class LeakAssert
{
    public static void DoesNotName(CatalogItem target, string text)
    {
        Assert.False(Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(target.Id)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase),
            $"'{text}' contains the id {target.Id}");
        if (target.Title is null)
        {
            return;
        }

        Assert.DoesNotContain(target.Title, text, StringComparison.OrdinalIgnoreCase);
        string bare = Year().Replace(target.Title, string.Empty).Trim();
        if (bare.Length > 0)
        {
            Assert.False(Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(bare)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase),
                $"'{text}' names '{bare}'");
        }
    }

    [GeneratedRegex(@"\(\d{4}\)\s*$")]
    private static partial Regex Year();
}
