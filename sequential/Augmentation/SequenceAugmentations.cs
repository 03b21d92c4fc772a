namespace AgentRec.Sequential.Augmentation;

/// <summary>
/// CL4SRec's three random views of a sequence (crop, mask, reorder) and SRA-CL's semantic
/// substitution. Pure functions of their inputs and the given random source, so training is
/// reproducible from a seed.
/// </summary>
internal static class SequenceAugmentations
{
    /// <summary>A random contiguous run of <c>max(1, ⌊ratio·n⌋)</c> items.</summary>
    public static int[] Crop(IReadOnlyList<int> items, double ratio, Random random)
    {
        int n = items.Count;
        int length = Math.Clamp((int)Math.Floor(ratio * n), 1, Math.Max(n, 1));
        if (n == 0)
        {
            return [];
        }

        int start = random.Next(n - length + 1);
        var result = new int[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = items[start + i];
        }

        return result;
    }

    /// <summary>Replaces <c>⌊ratio·n⌋</c> distinct positions with <paramref name="maskIndex"/>.</summary>
    public static int[] Mask(IReadOnlyList<int> items, double ratio, int maskIndex, Random random)
    {
        int[] result = [.. items];
        int count = (int)Math.Floor(ratio * result.Length);
        int[] positions = Enumerable.Range(0, result.Length).ToArray();
        for (int i = 0; i < count; i++)
        {
            // Partial Fisher-Yates: the first `count` slots become a uniform sample without replacement.
            int j = i + random.Next(positions.Length - i);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            result[positions[i]] = maskIndex;
        }

        return result;
    }

    /// <summary>Shuffles a random contiguous run of <c>⌊ratio·n⌋</c> items.</summary>
    public static int[] Reorder(IReadOnlyList<int> items, double ratio, Random random)
    {
        int[] result = [.. items];
        int length = (int)Math.Floor(ratio * result.Length);
        if (length < 2)
        {
            return result;
        }

        int start = random.Next(result.Length - length + 1);
        for (int i = length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (result[start + i], result[start + j]) = (result[start + j], result[start + i]);
        }

        return result;
    }

    /// <summary>One of crop, mask or reorder, chosen uniformly (as CL4SRec does per view).</summary>
    public static int[] RandomView(IReadOnlyList<int> items, double cropRatio, double maskRatio, double reorderRatio, int maskIndex, Random random) =>
        random.Next(3) switch
        {
            0 => Crop(items, cropRatio, random),
            1 => Mask(items, maskRatio, maskIndex, random),
            _ => Reorder(items, reorderRatio, random),
        };

    /// <summary>
    /// Replaces each item, with probability <paramref name="probability"/>, by a uniformly chosen one of
    /// its semantic neighbours; items without neighbours stay.
    /// </summary>
    public static int[] Substitute(IReadOnlyList<int> items, IReadOnlyList<int[]> itemNeighbours, double probability, Random random)
    {
        var result = new int[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            int item = items[i];
            int[] neighbours = itemNeighbours[item];
            result[i] = neighbours.Length > 0 && random.NextDouble() < probability
                ? neighbours[random.Next(neighbours.Length)]
                : item;
        }

        return result;
    }
}
