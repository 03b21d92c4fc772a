using System.Text;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Compact binary form of a normalised payload for the embedded store. Binary rather than JSON so that
/// types survive exactly (JSON would turn the double 3.0 into the integer 3).
/// Layout: count (7-bit varint), then per field: name, tag byte, value (strings length-prefixed UTF-8).
/// </summary>
internal static class PayloadCodec
{
    private const byte NullTag = 0;
    private const byte StringTag = 1;
    private const byte LongTag = 2;
    private const byte DoubleTag = 3;
    private const byte FalseTag = 4;
    private const byte TrueTag = 5;
    private const byte StringArrayTag = 6;

    public static byte[]? Encode(IReadOnlyDictionary<string, object?>? payload)
    {
        if (payload is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(payload.Count);
            foreach (var (key, value) in payload.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.Write(key);
                switch (value)
                {
                    case null:
                        writer.Write(NullTag);
                        break;
                    case string s:
                        writer.Write(StringTag);
                        writer.Write(s);
                        break;
                    case long l:
                        writer.Write(LongTag);
                        writer.Write(l);
                        break;
                    case double d:
                        writer.Write(DoubleTag);
                        writer.Write(d);
                        break;
                    case bool b:
                        writer.Write(b ? TrueTag : FalseTag);
                        break;
                    case string[] array:
                        writer.Write(StringArrayTag);
                        writer.Write7BitEncodedInt(array.Length);
                        foreach (string item in array)
                        {
                            writer.Write(item);
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"Payload field '{key}' was not normalised ({value.GetType().Name}).");
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a payload; malformed bytes raise <see cref="InvalidDataException"/> (the caller adds the file and row).</summary>
    public static IReadOnlyDictionary<string, object?>? Decode(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            int count = ReadCount(reader, bytes.Length);
            var payload = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                byte tag = reader.ReadByte();
                payload[key] = tag switch
                {
                    NullTag => null,
                    StringTag => reader.ReadString(),
                    LongTag => reader.ReadInt64(),
                    DoubleTag => reader.ReadDouble(),
                    FalseTag => false,
                    TrueTag => true,
                    StringArrayTag => ReadStrings(reader, bytes.Length),
                    _ => throw new InvalidDataException($"unknown payload value tag {tag} at byte {reader.BaseStream.Position - 1}"),
                };
            }

            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException($"{bytes.Length - reader.BaseStream.Position} trailing bytes after the payload");
            }

            return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(payload);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("payload ends early", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("payload is malformed: " + e.Message, e);
        }
    }

    private static string[] ReadStrings(BinaryReader reader, int limit)
    {
        var array = new string[ReadCount(reader, limit)];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = reader.ReadString();
        }

        return array;
    }

    private static int ReadCount(BinaryReader reader, int limit)
    {
        int count = reader.Read7BitEncodedInt();
        if (count < 0 || count > limit)
        {
            throw new InvalidDataException($"payload element count {count} is impossible for {limit} bytes");
        }

        return count;
    }
}
