namespace AgentRec.Core.Randomness;

/// <summary>
/// Derives independent, platform-stable seeds from a run seed and counters (SplitMix64 mixing), so the
/// randomness of every step is a pure function of (seed, epoch, step): a run resumed from a checkpoint
/// draws exactly what the uninterrupted run would have drawn. (HashCode is randomised per process and
/// System.Random's state cannot be saved, so neither can serve here.)
/// </summary>
public static class SeedSequence
{
    public static long Derive(long seed, params ReadOnlySpan<long> counters)
    {
        ulong state = Mix((ulong)seed);
        foreach (long counter in counters)
        {
            state = Mix(state ^ Mix((ulong)counter + 0x9E3779B97F4A7C15UL));
        }

        return (long)(state >> 1);
    }

    public static int DeriveInt(long seed, params ReadOnlySpan<long> counters) => (int)(Derive(seed, counters) & int.MaxValue);

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
