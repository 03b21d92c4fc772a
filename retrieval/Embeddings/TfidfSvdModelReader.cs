using System.Buffers.Binary;
using System.Text;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>Bounds-checked reads over a model file's bytes; every failure names the file, the field and its offset.</summary>
internal ref struct TfidfSvdModelReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _path;

    public TfidfSvdModelReader(ReadOnlySpan<byte> data, string path, int offset)
    {
        _data = data;
        _path = path;
        Offset = offset;
    }

    public int Offset { get; private set; }

    public readonly int Remaining => _data.Length - Offset;

    public readonly InvalidDataException Error(string field, string problem) => Error(_path, field, Offset, problem);

    public static InvalidDataException Error(string path, string field, long offset, string problem) =>
        new($"TF-IDF SVD model '{path}': {field} at byte offset {offset} {problem}.");

    public int ReadInt32(string field)
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));
        return value;
    }

    /// <summary>A count that must be in <c>[min, max]</c>.</summary>
    public int ReadCount(string field, int min, long max)
    {
        int start = Offset;
        int value = ReadInt32(field);
        if (value < min || value > max)
        {
            Offset = start;
            throw Error(field, $"is {value}, outside the valid range {min}..{max}");
        }

        return value;
    }

    public bool ReadFlag(string field)
    {
        byte value = Take(1, field)[0];
        if (value > 1)
        {
            Offset--;
            throw Error(field, $"is {value}; a flag must be 0 or 1");
        }

        return value == 1;
    }

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: 7-bit encoded byte length, then UTF-8.</summary>
    public string ReadString(string field)
    {
        int start = Offset;
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                Offset = start;
                throw Error(field, "has a malformed length prefix");
            }

            byte b = Take(1, field)[0];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (length < 0 || length > Remaining)
        {
            Offset = start;
            throw Error(field, $"claims {length} bytes but only {Remaining} remain (truncated file?)");
        }

        try
        {
            return StrictUtf8.GetString(Take(length, field));
        }
        catch (DecoderFallbackException)
        {
            Offset = start;
            throw Error(field, "is not valid UTF-8");
        }
    }

    /// <summary>Reads little-endian floats and checks that every one is finite.</summary>
    public float[] ReadFloats(long count, string field)
    {
        if (count < 0 || count * sizeof(float) > Remaining)
        {
            throw Error(field, $"needs {count * sizeof(float)} bytes but only {Remaining} remain (truncated file?)");
        }

        int start = Offset;
        ReadOnlySpan<byte> bytes = Take((int)(count * sizeof(float)), field);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float), sizeof(float)));
            if (!float.IsFinite(value))
            {
                throw Error(_path, $"{field}[{i}]", start + ((long)i * sizeof(float)), $"is {value}; only finite values are valid");
            }

            values[i] = value;
        }

        return values;
    }

    public ReadOnlySpan<byte> Take(int length, string field)
    {
        if (length > Remaining)
        {
            throw Error(field, $"needs {length} bytes but only {Remaining} remain (truncated file?)");
        }

        ReadOnlySpan<byte> slice = _data.Slice(Offset, length);
        Offset += length;
        return slice;
    }
}
