namespace AgentRec.Sequential.Semantics;

/// <summary>
/// The semantic neighbourhoods SRA-CL contrasts with, given as plain indices so this project needs no
/// embedding code: whoever computes the neighbours (LLM summaries → embeddings → nearest neighbours)
/// hands them over here.
/// </summary>
public sealed class SemanticNeighbours
{
    /// <param name="userNeighbours">
    /// Per train user index (the order of <c>LeaveOneOutSplit.Train</c>): up to 10 neighbour user indices,
    /// most similar first. An empty list means the user takes no part in inter-user contrast.
    /// </param>
    /// <param name="itemNeighbours">
    /// Indexed by item index, length <c>N + 1</c>: entry <c>i</c> (1..N) lists up to 10 neighbour item
    /// indices of item <c>i</c>; entry 0 is the padding slot and must be empty. An empty list means the
    /// item is never substituted.
    /// </param>
    /// <exception cref="ArgumentException">A list is null or holds the owner itself or a negative index.</exception>
    public SemanticNeighbours(int[][] userNeighbours, int[][] itemNeighbours)
    {
        ArgumentNullException.ThrowIfNull(userNeighbours);
        ArgumentNullException.ThrowIfNull(itemNeighbours);
        CheckLists(userNeighbours, nameof(userNeighbours), "user", minimum: 0);
        CheckLists(itemNeighbours, nameof(itemNeighbours), "item", minimum: 1);
        if (itemNeighbours.Length == 0 || itemNeighbours[0].Length != 0)
        {
            throw new ArgumentException("itemNeighbours[0] is the padding slot and must exist and be empty (the array is indexed by item index 0..N).", nameof(itemNeighbours));
        }

        Users = userNeighbours;
        Items = itemNeighbours;
    }

    /// <summary>Neighbour user indices per train user index.</summary>
    public IReadOnlyList<int[]> Users { get; }

    /// <summary>Neighbour item indices per item index (entry 0 empty).</summary>
    public IReadOnlyList<int[]> Items { get; }

    /// <summary>Checks the neighbourhoods against a concrete split's user count and catalogue size.</summary>
    /// <exception cref="ArgumentException">A count or an index does not fit; the message names the entry.</exception>
    public void Validate(int userCount, int itemCount)
    {
        if (Users.Count != userCount)
        {
            throw new ArgumentException($"userNeighbours has {Users.Count} entries but the split has {userCount} train users.");
        }

        if (Items.Count != itemCount + 1)
        {
            throw new ArgumentException($"itemNeighbours has {Items.Count} entries but the catalogue needs {itemCount + 1} (item indices 0..{itemCount}).");
        }

        CheckRange(Users, "userNeighbours", "user", 0, userCount - 1);
        CheckRange(Items, "itemNeighbours", "item", 1, itemCount);
    }

    private static void CheckLists(int[][] lists, string parameter, string what, int minimum)
    {
        for (int owner = 0; owner < lists.Length; owner++)
        {
            int[] list = lists[owner] ?? throw new ArgumentException($"{parameter}[{owner}] is null; use an empty list for a {what} without neighbours.", parameter);
            foreach (int neighbour in list)
            {
                if (neighbour < minimum)
                {
                    throw new ArgumentException($"{parameter}[{owner}] holds {what} index {neighbour}, below {minimum}.", parameter);
                }

                if (neighbour == owner)
                {
                    throw new ArgumentException($"{parameter}[{owner}] lists the {what} itself as its neighbour.", parameter);
                }
            }
        }
    }

    private static void CheckRange(IReadOnlyList<int[]> lists, string parameter, string what, int low, int high)
    {
        for (int owner = 0; owner < lists.Count; owner++)
        {
            foreach (int neighbour in lists[owner])
            {
                if (neighbour < low || neighbour > high)
                {
                    throw new ArgumentException($"{parameter}[{owner}] holds {what} index {neighbour}, outside {low}..{high}.");
                }
            }
        }
    }
}
