namespace AgentRec.Simulator.Personas;

/// <summary>
/// Seeds derived from strings without <see cref="string.GetHashCode()"/>, which is randomised per
/// process: a persona built from the same user and seed must behave the same in every run.
/// </summary>
internal static class StableSeed
{
    public static int Combine(int seed, string text)
    {
        // FNV-1a over the UTF-16 code units, then mixed with the seed.
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        hash ^= (uint)seed * 0x9E3779B9;
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        return (int)(hash & 0x7FFFFFFF);
    }

    public static int Combine(int seed, int value) => Combine(seed, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A seeded Fisher–Yates permutation of <c>0..count-1</c>.</summary>
    public static int[] Permutation(int count, int seed)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
