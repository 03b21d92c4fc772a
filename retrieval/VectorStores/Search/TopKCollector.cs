namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Keeps the k best (score, row) pairs seen so far in a bounded min-heap whose root is the worst kept entry,
/// so each offer costs O(1) unless it beats the root. Equal scores are ordered by id (ordinal) so results do
/// not depend on storage order.
/// </summary>
internal sealed class TopKCollector
{
    private readonly float[] scores;
    private readonly int[] rows;
    private readonly Func<int, string> idOf;
    private int count;

    public TopKCollector(int k, Func<int, string> idOf)
    {
        scores = new float[k];
        rows = new int[k];
        this.idOf = idOf;
    }

    public int Count => count;

    /// <summary>Score a candidate must beat (or tie) to enter; -inf until the heap is full.</summary>
    public float Threshold => count < scores.Length ? float.NegativeInfinity : scores[0];

    public void Offer(float score, int row)
    {
        if (count < scores.Length)
        {
            scores[count] = score;
            rows[count] = row;
            SiftUp(count++);
        }
        else if (IsBetter(score, row, scores[0], rows[0]))
        {
            scores[0] = score;
            rows[0] = row;
            SiftDown(0);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public (float Score, int Row)[] ToSortedArray()
    {
        var result = new (float Score, int Row)[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = (scores[i], rows[i]);
        }

        Array.Sort(result, (a, b) => IsBetter(a.Score, a.Row, b.Score, b.Row) ? -1 : IsBetter(b.Score, b.Row, a.Score, a.Row) ? 1 : 0);
        return result;
    }

    private bool IsBetter(float score, int row, float otherScore, int otherRow)
        => score > otherScore || (score == otherScore && row != otherRow && string.CompareOrdinal(idOf(row), idOf(otherRow)) < 0);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!IsBetter(scores[parent], rows[parent], scores[i], rows[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= count)
            {
                return;
            }

            int worst = left;
            int right = left + 1;
            if (right < count && IsBetter(scores[left], rows[left], scores[right], rows[right]))
            {
                worst = right;
            }

            if (!IsBetter(scores[i], rows[i], scores[worst], rows[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (rows[a], rows[b]) = (rows[b], rows[a]);
    }
}
