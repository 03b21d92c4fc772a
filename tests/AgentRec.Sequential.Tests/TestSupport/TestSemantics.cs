using AgentRec.Core.Data.Splits;
using AgentRec.Sequential.Semantics;

namespace AgentRec.Sequential.Tests.TestSupport;

/// <summary>
/// Stand-in semantic neighbours for tests: users who share train items, and items that co-occur in
/// train sequences (what an embedding model would be asked to approximate, built from the data itself).
/// </summary>
internal static class TestSemantics
{
    public static SemanticNeighbours CoOccurrence(LeaveOneOutSplit split, int k = 10)
    {
        int items = split.Dataset.ItemCount;
        var usersByItem = new List<int>[items + 1];
        for (int i = 0; i <= items; i++)
        {
            usersByItem[i] = [];
        }

        for (int u = 0; u < split.Train.Count; u++)
        {
            foreach (int item in split.Train[u].Items.Distinct())
            {
                usersByItem[item].Add(u);
            }
        }

        var userNeighbours = new int[split.Train.Count][];
        for (int u = 0; u < userNeighbours.Length; u++)
        {
            userNeighbours[u] = [.. split.Train[u].Items.SelectMany(i => usersByItem[i]).Where(v => v != u)
                .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(k).Select(g => g.Key)];
        }

        var itemNeighbours = new int[items + 1][];
        itemNeighbours[0] = [];
        for (int i = 1; i <= items; i++)
        {
            itemNeighbours[i] = [.. usersByItem[i].SelectMany(u => split.Train[u].Items).Where(j => j != i)
                .GroupBy(j => j).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(k).Select(g => g.Key)];
        }

        return new SemanticNeighbours(userNeighbours, itemNeighbours);
    }
}
