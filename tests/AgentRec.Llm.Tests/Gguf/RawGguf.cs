using System.Buffers.Binary;
using System.Text;

namespace AgentRec.Llm.Tests.Gguf;

/// <summary>Writes GGUF fields one by one, so tests can build files that are malformed on purpose.</summary>
internal sealed class RawGguf
{
    private readonly MemoryStream _bytes = new();

    public long Length => _bytes.Length;

    /// <summary>Magic, version and the two counts.</summary>
    public static RawGguf Header(ulong tensorCount, ulong kvCount, uint version = 3, string magic = "GGUF") =>
        new RawGguf().Bytes(Encoding.ASCII.GetBytes(magic)).U32(version).U64(tensorCount).U64(kvCount);

    public RawGguf Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public RawGguf U8(byte value) => Bytes([value]);

    public RawGguf U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Bytes(b);
    }

    public RawGguf U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return Bytes(b);
    }

    public RawGguf Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        return U64((ulong)utf8.Length).Bytes(utf8);
    }

    /// <summary>A metadata entry holding a u32.</summary>
    public RawGguf KvU32(string key, uint value) => Str(key).U32(4).U32(value);

    /// <summary>A metadata entry holding a string.</summary>
    public RawGguf KvString(string key, string value) => Str(key).U32(8).Str(value);

    /// <summary>A tensor info entry.</summary>
    public RawGguf Tensor(string name, ulong[] dims, uint type, ulong offset)
    {
        Str(name).U32((uint)dims.Length);
        foreach (var d in dims)
        {
            U64(d);
        }
        return U32(type).U64(offset);
    }

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public RawGguf Pad(int alignment = 32)
    {
        while (_bytes.Length % alignment != 0)
        {
            _bytes.WriteByte(0);
        }
        return this;
    }

    public RawGguf Zeros(int count) => Bytes(new byte[count]);

    public byte[] ToArray() => _bytes.ToArray();
}
