using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// The HNSW graph over contiguous vector storage (Malkov &amp; Yashunin, arXiv 1603.09320): a node gets level
/// ⌊−ln U · mL⌋ with mL = 1/ln M; insertion descends greedily from the entry point to the node's level, then on each
/// lower layer runs a beam search of width efConstruction, picks neighbours with the diversity heuristic (their
/// Algorithm 4) and links both ways, pruning a neighbour's list with the same heuristic when it overflows
/// (M links on upper layers, 2·M on layer 0). Distances are "lower is nearer": −dot for cosine/dot product, L2 otherwise.
/// </summary>
/// <remarks>
/// Concurrency: queries run lock-free while no insert runs (the owning index guarantees that with its reader/writer
/// lock). Parallel inserts lock one node's list at a time (striped locks) and copy lists before reading them; the
/// entry point changes under <see cref="entryLock"/>, which an insert that raises the top level holds throughout.
/// </remarks>
internal sealed class HnswGraph
{
    private const int LockStripes = 1024;
    private const int MaxLevel = 30;

    private readonly int dimensions;
    private readonly VectorMetric metric;
    private readonly int m;
    private readonly int maxM0;
    private readonly int efConstruction;
    private readonly double levelScale;
    private readonly ulong seed;
    private readonly object[] locks;
    private readonly object entryLock = new();
    private readonly ConcurrentBag<HnswScratch> scratchPool = [];

    private float[] vectors = [];
    private int[] links0 = [];
    private int[]?[] upperLinks = [];
    private byte[] levels = [];
    private bool[] linksDirty = [];
    private int count;
    private int entryPoint = -1;
    private int topLevel = -1;

    public HnswGraph(int dimensions, VectorMetric metric, HnswOptions options)
    {
        this.dimensions = dimensions;
        this.metric = metric;
        m = options.M;
        maxM0 = 2 * options.M;
        efConstruction = options.EfConstruction;
        levelScale = 1.0 / Math.Log(options.M);
        seed = (ulong)(uint)options.Seed;
        locks = new object[LockStripes];
        for (int i = 0; i < locks.Length; i++)
        {
            locks[i] = new object();
        }
    }

    public int Count => count;

    public int EntryPoint => entryPoint;

    public int TopLevel => topLevel;

    /// <summary>The raw storage (rows 0..Count-1 in use), for exact scans.</summary>
    public float[] Vectors => vectors;

    private int Stride0 => maxM0 + 1;

    private int StrideUpper => m + 1;

    public ReadOnlySpan<float> Vector(int node) => new(vectors, node * dimensions, dimensions);

    public int Level(int node) => levels[node];

    public long MemoryBytes
    {
        get
        {
            long upper = 0;
            for (int i = 0; i < count; i++)
            {
                upper += (upperLinks[i]?.Length ?? 0) * sizeof(int);
            }

            return ((long)vectors.Length * sizeof(float)) + ((long)links0.Length * sizeof(int)) + upper + levels.Length + linksDirty.Length;
        }
    }

    public void EnsureCapacity(int nodes)
    {
        if (nodes <= levels.Length)
        {
            return;
        }

        int capacity = Math.Max(nodes, Math.Max(16, levels.Length * 2));
        if ((long)capacity * dimensions > Array.MaxLength || (long)capacity * Stride0 > Array.MaxLength)
        {
            capacity = nodes;
            if ((long)capacity * dimensions > Array.MaxLength || (long)capacity * Stride0 > Array.MaxLength)
            {
                throw new InvalidOperationException($"An HNSW graph cannot hold {nodes} vectors of {dimensions} dimensions.");
            }
        }

        Array.Resize(ref vectors, capacity * dimensions);
        Array.Resize(ref links0, capacity * Stride0);
        Array.Resize(ref upperLinks, capacity);
        Array.Resize(ref levels, capacity);
        Array.Resize(ref linksDirty, capacity);
    }

    /// <summary>Stores a vector as a new, not yet linked node (call <see cref="InsertRange"/> afterwards). Needs capacity.</summary>
    public int AddNode(ReadOnlySpan<float> vector) => AddNode(vector, DrawLevel(count));

    public void Insert(int node) => InsertRange(node, node + 1, 1, CancellationToken.None, null);

    /// <summary>
    /// Links nodes [<paramref name="first"/>, <paramref name="end"/>) into the graph, in parallel when asked.
    /// <paramref name="done"/> (indexed from <paramref name="first"/>) records which nodes were linked, so a cancelled
    /// batch can be undone by its caller.
    /// </summary>
    public void InsertRange(int first, int end, int parallelism, CancellationToken cancellationToken, bool[]? done)
    {
        int next = first;

        // The first node of an empty graph only becomes the entry point; do it before going parallel.
        if (next < end && entryPoint < 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InsertOne(next, locking: false);
            MarkDone(done, next - first);
            next++;
        }

        if (parallelism <= 1 || end - next < 2 * parallelism)
        {
            for (int node = next; node < end; node++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                InsertOne(node, locking: false);
                MarkDone(done, node - first);
            }

            return;
        }

        Parallel.For(next, end, Parallelism.Of(parallelism, cancellationToken), node =>
        {
            InsertOne(node, locking: true);
            MarkDone(done, node - first);
        });
    }

    /// <summary>Nearest nodes to <paramref name="query"/> accepted by <paramref name="accept"/>, nearest first (at most ef).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<(float Distance, int Node)> Search(ReadOnlySpan<float> query, int ef, Func<int, bool>? accept, HnswScratch scratch)
    {
        scratch.Begin(count, Math.Max(maxM0, m));
        if (entryPoint < 0)
        {
            scratch.Sorted.Clear();
            return scratch.Sorted;
        }

        int current = entryPoint;
        float currentDistance = Distance(query, current);
        for (int level = topLevel; level > 0; level--)
        {
            Greedy(query, ref current, ref currentDistance, level, locking: false, scratch);
        }

        SearchLayer(query, current, currentDistance, ef, 0, accept, exclude: -1, locking: false, scratch);
        return scratch.DrainResults();
    }

    public HnswScratch RentScratch() => scratchPool.TryTake(out var scratch) ? scratch : new HnswScratch();

    public void ReturnScratch(HnswScratch scratch) => scratchPool.Add(scratch);

    /// <summary>Serialised links of a node: per level 0..L, the count then the neighbour ids.</summary>
    public int[] LinksData(int node)
    {
        var data = new List<int>();
        for (int level = 0; level <= levels[node]; level++)
        {
            var block = Block(node, level);
            data.Add(block[0]);
            for (int i = 1; i <= block[0]; i++)
            {
                data.Add(block[i]);
            }
        }

        return [.. data];
    }

    /// <summary>Nodes whose links changed since the last call (cleared as they are returned).</summary>
    public List<int> DrainDirtyLinks()
    {
        var dirty = new List<int>();
        for (int node = 0; node < count; node++)
        {
            if (linksDirty[node])
            {
                linksDirty[node] = false;
                dirty.Add(node);
            }
        }

        return dirty;
    }

    public void ClearDirtyLinks() => Array.Clear(linksDirty);

    /// <summary>Appends a node read from a file; its links follow through <see cref="LoadLinks"/>.</summary>
    public void LoadNode(ReadOnlySpan<float> vector, int level)
    {
        if (level < 0 || level > MaxLevel)
        {
            throw new InvalidDataException($"node {count} has level {level}, outside 0..{MaxLevel}");
        }

        EnsureCapacity(count + 1);
        AddNode(vector, level);
        linksDirty[count - 1] = false;
    }

    public void LoadLinks(int node, ReadOnlySpan<int> data, int nodeCount)
    {
        int position = 0;
        for (int level = 0; level <= levels[node]; level++)
        {
            int capacity = level == 0 ? maxM0 : m;
            if (position >= data.Length)
            {
                throw new InvalidDataException($"links of node {node} end before level {level}");
            }

            int linkCount = data[position++];
            if (linkCount < 0 || linkCount > capacity || position + linkCount > data.Length)
            {
                throw new InvalidDataException($"node {node} has an impossible link count {linkCount} on level {level}");
            }

            var block = Block(node, level);
            block[0] = linkCount;
            for (int i = 0; i < linkCount; i++)
            {
                int neighbour = data[position++];
                if (neighbour < 0 || neighbour >= nodeCount || neighbour == node)
                {
                    throw new InvalidDataException($"node {node} links to {neighbour} on level {level}, which is not a valid node");
                }

                block[1 + i] = neighbour;
            }
        }

        if (position != data.Length)
        {
            throw new InvalidDataException($"links of node {node} have {data.Length - position} values beyond its level {levels[node]}");
        }
    }

    public void CompleteLoad(int entry, int top)
    {
        if (count == 0 ? entry != -1 || top != -1 : entry < 0 || entry >= count || levels[entry] != top)
        {
            throw new InvalidDataException($"entry point {entry} at level {top} does not match the {count} stored nodes");
        }

        for (int node = 0; node < count; node++)
        {
            if (levels[node] > top)
            {
                throw new InvalidDataException($"node {node} has level {levels[node]}, above the graph's top level {top}");
            }
        }

        entryPoint = entry;
        topLevel = top;
    }

    private static void MarkDone(bool[]? done, int index)
    {
        if (done is not null)
        {
            done[index] = true;
        }
    }

    private int AddNode(ReadOnlySpan<float> vector, int level)
    {
        int node = count;
        vector.CopyTo(vectors.AsSpan(node * dimensions, dimensions));
        levels[node] = (byte)level;
        links0[node * Stride0] = 0;
        upperLinks[node] = level > 0 ? new int[level * StrideUpper] : null;
        linksDirty[node] = true;
        count = node + 1;
        return node;
    }

    /// <summary>Level from a hash of (seed, node) so it depends on neither thread timing nor reloads.</summary>
    private int DrawLevel(int node)
    {
        ulong z = seed + ((ulong)(node + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double uniform = ((z >> 11) + 1) * (1.0 / 9007199254740992.0); // (0, 1]
        return Math.Min(MaxLevel, (int)(-Math.Log(uniform) * levelScale));
    }

    private void InsertOne(int node, bool locking)
    {
        var scratch = RentScratch();
        bool holdsEntry = false;
        try
        {
            ReadOnlySpan<float> query = Vector(node);
            int level = levels[node];
            int entry;
            int top;
            lock (entryLock)
            {
                if (entryPoint < 0)
                {
                    entryPoint = node;
                    topLevel = level;
                    return;
                }

                entry = entryPoint;
                top = topLevel;
            }

            if (level > top)
            {
                // This node will become the entry point: keep other top-level changes out until it is linked.
                Monitor.Enter(entryLock, ref holdsEntry);
                entry = entryPoint;
                top = topLevel;
                if (level <= top)
                {
                    Monitor.Exit(entryLock);
                    holdsEntry = false;
                }
            }

            scratch.Begin(count, Math.Max(maxM0, m));
            int current = entry;
            float currentDistance = Distance(query, current);
            for (int l = top; l > level; l--)
            {
                Greedy(query, ref current, ref currentDistance, l, locking, scratch);
            }

            for (int l = Math.Min(level, top); l >= 0; l--)
            {
                scratch.Begin(count, Math.Max(maxM0, m));
                SearchLayer(query, current, currentDistance, efConstruction, l, accept: null, exclude: node, locking, scratch);
                var nearest = scratch.DrainResults();
                if (nearest.Count == 0)
                {
                    continue;
                }

                current = nearest[0].Node;
                currentDistance = nearest[0].Distance;
                SelectNeighbours(nearest, m, scratch.Selected);
                SetLinks(node, l, scratch.Selected, locking);
                foreach (int neighbour in scratch.Selected)
                {
                    Connect(neighbour, node, l, locking, scratch);
                }
            }

            if (holdsEntry)
            {
                entryPoint = node;
                topLevel = level;
            }
        }
        finally
        {
            if (holdsEntry)
            {
                Monitor.Exit(entryLock);
            }

            ReturnScratch(scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Greedy(ReadOnlySpan<float> query, ref int current, ref float currentDistance, int level, bool locking, HnswScratch scratch)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (int neighbour in Neighbours(current, level, locking, scratch))
            {
                float distance = Distance(query, neighbour);
                if (distance < currentDistance)
                {
                    currentDistance = distance;
                    current = neighbour;
                    changed = true;
                }
            }
        }
    }

    /// <summary>
    /// Beam search on one layer. Nodes rejected by <paramref name="accept"/> (tombstones, filtered out) are still
    /// walked through but never enter the results, so the walk keeps going until ef accepted nodes are found.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SearchLayer(ReadOnlySpan<float> query, int entry, float entryDistance, int ef, int level, Func<int, bool>? accept, int exclude, bool locking, HnswScratch scratch)
    {
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        scratch.Visit(entry);
        candidates.Push(entryDistance, entry);
        if (entry != exclude && (accept is null || accept(entry)))
        {
            results.Push(-entryDistance, entry);
        }

        float bound = results.Count > 0 ? -results.TopKey : float.PositiveInfinity;
        while (candidates.Count > 0)
        {
            var (distance, node) = candidates.Pop();
            if (distance > bound && results.Count >= ef)
            {
                break;
            }

            foreach (int neighbour in Neighbours(node, level, locking, scratch))
            {
                if (!scratch.Visit(neighbour))
                {
                    continue;
                }

                float d = Distance(query, neighbour);
                if (results.Count < ef || d < bound)
                {
                    candidates.Push(d, neighbour);
                    if (neighbour != exclude && (accept is null || accept(neighbour)))
                    {
                        results.Push(-d, neighbour);
                        if (results.Count > ef)
                        {
                            results.Pop();
                        }

                        bound = -results.TopKey;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The diversity heuristic: walking candidates nearest first, keep one only if it is nearer to the base than to
    /// every neighbour already kept, so links spread in different directions instead of clustering.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SelectNeighbours(List<(float Distance, int Node)> nearestFirst, int limit, List<int> selected)
    {
        selected.Clear();
        if (nearestFirst.Count <= limit)
        {
            foreach (var (_, node) in nearestFirst)
            {
                selected.Add(node);
            }

            return;
        }

        foreach (var (distance, node) in nearestFirst)
        {
            if (selected.Count >= limit)
            {
                break;
            }

            bool diverse = true;
            ReadOnlySpan<float> vector = Vector(node);
            foreach (int kept in selected)
            {
                if (Distance(vector, kept) < distance)
                {
                    diverse = false;
                    break;
                }
            }

            if (diverse)
            {
                selected.Add(node);
            }
        }
    }

    private void SetLinks(int node, int level, List<int> neighbours, bool locking)
    {
        if (locking)
        {
            lock (LockOf(node))
            {
                WriteBlock(Block(node, level), neighbours);
                linksDirty[node] = true;
            }
        }
        else
        {
            WriteBlock(Block(node, level), neighbours);
            linksDirty[node] = true;
        }
    }

    /// <summary>Adds the back link neighbour → node, pruning the neighbour's list with the heuristic when full.</summary>
    private void Connect(int neighbour, int node, int level, bool locking, HnswScratch scratch)
    {
        if (locking)
        {
            lock (LockOf(neighbour))
            {
                ConnectUnlocked(neighbour, node, level, scratch);
            }
        }
        else
        {
            ConnectUnlocked(neighbour, node, level, scratch);
        }
    }

    private void ConnectUnlocked(int neighbour, int node, int level, HnswScratch scratch)
    {
        var block = Block(neighbour, level);
        int linkCount = block[0];
        for (int i = 1; i <= linkCount; i++)
        {
            if (block[i] == node)
            {
                return;
            }
        }

        int capacity = level == 0 ? maxM0 : m;
        if (linkCount < capacity)
        {
            block[1 + linkCount] = node;
            block[0] = linkCount + 1;
        }
        else
        {
            ReadOnlySpan<float> baseVector = Vector(neighbour);
            var candidates = scratch.PruneCandidates;
            candidates.Clear();
            candidates.Add((Distance(baseVector, node), node));
            for (int i = 1; i <= linkCount; i++)
            {
                candidates.Add((Distance(baseVector, block[i]), block[i]));
            }

            candidates.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Node.CompareTo(b.Node));
            SelectNeighbours(candidates, capacity, scratch.PruneSelected);
            WriteBlock(block, scratch.PruneSelected);
        }

        linksDirty[neighbour] = true;
    }

    private static void WriteBlock(Span<int> block, List<int> neighbours)
    {
        for (int i = 0; i < neighbours.Count; i++)
        {
            block[1 + i] = neighbours[i];
        }

        block[0] = neighbours.Count;
    }

    private ReadOnlySpan<int> Neighbours(int node, int level, bool locking, HnswScratch scratch)
    {
        if (!locking)
        {
            var block = Block(node, level);
            return block.Slice(1, block[0]);
        }

        int[] buffer = scratch.Neighbours;
        int linkCount;
        lock (LockOf(node))
        {
            var block = Block(node, level);
            linkCount = block[0];
            block.Slice(1, linkCount).CopyTo(buffer);
        }

        return buffer.AsSpan(0, linkCount);
    }

    private Span<int> Block(int node, int level) => level == 0
        ? links0.AsSpan(node * Stride0, Stride0)
        : upperLinks[node].AsSpan((level - 1) * StrideUpper, StrideUpper);

    private object LockOf(int node) => locks[node & (LockStripes - 1)];

    private float Distance(ReadOnlySpan<float> query, int node) => Distance(query, Vector(node));

    private float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        => metric == VectorMetric.Euclidean ? TensorPrimitives.Distance(a, b) : -TensorPrimitives.Dot(a, b);
}
