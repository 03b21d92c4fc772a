namespace AgentRec.Retrieval.VectorStores;

/// <summary>Per-thread working memory for one graph walk: visited marks (generation-stamped, no clearing), heaps, buffers.</summary>
internal sealed class HnswScratch
{
    private int[] visited = [];
    private int stamp;

    public NodeHeap Candidates { get; } = new();

    /// <summary>Best nodes found so far, as a max-heap on distance (keys are negated distances).</summary>
    public NodeHeap Results { get; } = new();

    public List<(float Distance, int Node)> Sorted { get; } = [];

    public List<(float Distance, int Node)> PruneCandidates { get; } = [];

    public List<int> Selected { get; } = [];

    public List<int> PruneSelected { get; } = [];

    public int[] Neighbours { get; private set; } = [];

    public void Begin(int nodeCount, int maxDegree)
    {
        if (visited.Length < nodeCount)
        {
            visited = new int[Math.Max(nodeCount, visited.Length * 2)];
            stamp = 0;
        }

        if (Neighbours.Length < maxDegree)
        {
            Neighbours = new int[maxDegree];
        }

        if (++stamp == int.MaxValue)
        {
            Array.Clear(visited);
            stamp = 1;
        }
    }

    /// <summary>Marks <paramref name="node"/> visited; false when it already was.</summary>
    public bool Visit(int node)
    {
        if (visited[node] == stamp)
        {
            return false;
        }

        visited[node] = stamp;
        return true;
    }

    /// <summary>Moves <see cref="Results"/> into <see cref="Sorted"/>, nearest first.</summary>
    public List<(float Distance, int Node)> DrainResults()
    {
        Sorted.Clear();
        while (Results.Count > 0)
        {
            var (negated, node) = Results.Pop();
            Sorted.Add((-negated, node));
        }

        Sorted.Reverse();
        return Sorted;
    }
}
