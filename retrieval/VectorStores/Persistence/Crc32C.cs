using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// CRC-32C over stored rows. SQLite journals make writes atomic but do not checksum page contents, so a flipped
/// byte inside a vector blob would otherwise load silently. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the
/// CPU's CRC instruction where there is one.
/// </summary>
internal static class Crc32C
{
    public const uint Seed = 0xFFFFFFFFu;

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = BitOperations.Crc32C(crc, word);
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    public static uint Append(uint crc, long value) => BitOperations.Crc32C(crc, (ulong)value);

    public static uint Append(uint crc, string text)
    {
        crc = Append(crc, (long)text.Length);
        return Append(crc, Encoding.UTF8.GetBytes(text));
    }

    public static uint AppendBlob(uint crc, byte[]? blob)
        => blob is null ? Append(crc, -1L) : Append(Append(crc, (long)blob.Length), blob);

    public static uint Record(string id, ReadOnlySpan<byte> vector, byte[]? payload)
        => AppendBlob(Append(Append(Seed, id), vector), payload);

    public static uint Node(long node, string id, int level, bool deleted, ReadOnlySpan<byte> vector, byte[]? payload)
    {
        uint crc = Append(Append(Append(Append(Seed, node), id), level), deleted ? 1L : 0L);
        return AppendBlob(Append(crc, vector), payload);
    }

    public static uint Links(long node, ReadOnlySpan<byte> data) => Append(Append(Seed, node), data);

    public static uint Meta(IEnumerable<KeyValuePair<string, string>> entries)
    {
        uint crc = Seed;
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            crc = Append(Append(crc, key), value);
        }

        return crc;
    }
}
