namespace AgentRec.Retrieval.VectorStores;

/// <summary>Binary min-heap of (key, node) on reusable arrays; a max-heap is the same heap over negated keys.</summary>
internal sealed class NodeHeap
{
    private float[] keys = new float[64];
    private int[] nodes = new int[64];

    public int Count { get; private set; }

    public float TopKey => keys[0];

    public int TopNode => nodes[0];

    public void Clear() => Count = 0;

    public void Push(float key, int node)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref nodes, Count * 2);
        }

        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (keys[parent] <= key)
            {
                break;
            }

            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            i = parent;
        }

        keys[i] = key;
        nodes[i] = node;
    }

    public (float Key, int Node) Pop()
    {
        var top = (keys[0], nodes[0]);
        int last = --Count;
        if (last > 0)
        {
            float key = keys[last];
            int node = nodes[last];
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= last)
                {
                    break;
                }

                if (child + 1 < last && keys[child + 1] < keys[child])
                {
                    child++;
                }

                if (keys[child] >= key)
                {
                    break;
                }

                keys[i] = keys[child];
                nodes[i] = nodes[child];
                i = child;
            }

            keys[i] = key;
            nodes[i] = node;
        }

        return top;
    }
}
