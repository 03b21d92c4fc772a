namespace AgentRec.Llm.Gguf;

/// <summary>
/// Seeded xoshiro256** generator for random weights. Written out rather than System.Random so the values are
/// fixed by this code alone, and normal-like draws use only + and × (no log/cos whose last bits may differ
/// between machines): the same options give a byte-identical model everywhere.
/// </summary>
internal sealed class WeightRandom
{
    private static readonly double Sqrt3 = Math.Sqrt(3.0);
    private const double TwoPow32 = 4294967296.0;

    private ulong _s0, _s1, _s2, _s3;

    public WeightRandom(long seed, string stream)
    {
        // FNV-1a over the stream name gives each tensor its own sequence; SplitMix64 spreads it over the state.
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        var x = (ulong)seed ^ hash;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with draws of mean 0 and standard deviation <paramref name="std"/>:
    /// a centred sum of four uniforms (Irwin–Hall), close to normal and bounded by ±3.46 std.
    /// </summary>
    public void FillNormal(Span<float> destination, float std)
    {
        var scale = Sqrt3 * std;
        for (var i = 0; i < destination.Length; i++)
        {
            var a = NextUInt64();
            var b = NextUInt64();
            var sum = ((uint)a + (double)(a >> 32) + (uint)b + (double)(b >> 32)) / TwoPow32;
            destination[i] = (float)((sum - 2.0) * scale);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
