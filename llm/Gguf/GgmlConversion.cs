using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AgentRec.Llm.Gguf;

/// <summary>Converts tensor bytes of a ggml type to float32 and back (the latter only for plain float types).</summary>
internal static class GgmlConversion
{
    /// <summary>
    /// Decodes whole blocks: <paramref name="source"/> holds a multiple of the type size and
    /// <paramref name="destination"/> exactly the elements those blocks encode.
    /// </summary>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        EnsureLittleEndian();
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case GgmlType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(source);
                for (var i = 0; i < bf16.Length; i++)
                {
                    destination[i] = BitConverter.UInt32BitsToSingle((uint)bf16[i] << 16);
                }
                break;
            case GgmlType.Q8_0:
                DecodeQ8_0(source, destination);
                break;
            case GgmlType.Q4_0:
                DecodeQ4_0(source, destination);
                break;
            case GgmlType.F64:
                var f64 = MemoryMarshal.Cast<byte, double>(source);
                for (var i = 0; i < f64.Length; i++)
                {
                    destination[i] = (float)f64[i];
                }
                break;
            case GgmlType.I8:
                var i8 = MemoryMarshal.Cast<byte, sbyte>(source);
                for (var i = 0; i < i8.Length; i++)
                {
                    destination[i] = i8[i];
                }
                break;
            case GgmlType.I16:
                var i16 = MemoryMarshal.Cast<byte, short>(source);
                for (var i = 0; i < i16.Length; i++)
                {
                    destination[i] = i16[i];
                }
                break;
            case GgmlType.I32:
                var i32 = MemoryMarshal.Cast<byte, int>(source);
                for (var i = 0; i < i32.Length; i++)
                {
                    destination[i] = i32[i];
                }
                break;
            default:
                throw new NotSupportedException($"Converting {type.GetTypeName()} tensors to float32 is not supported.");
        }
    }

    /// <summary>Encodes float32 values as F32, F16 or BF16 bytes.</summary>
    public static void Encode(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        EnsureLittleEndian();
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case GgmlType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(destination);
                for (var i = 0; i < source.Length; i++)
                {
                    bf16[i] = ToBFloat16(source[i]);
                }
                break;
            default:
                throw new NotSupportedException($"Encoding float32 values as {type.GetTypeName()} is not supported (F32, F16 and BF16 are).");
        }
    }

    /// <summary>True for the types <see cref="Encode"/> writes.</summary>
    public static bool CanEncode(GgmlType type) => type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16;

    // Round to nearest even on the dropped 16 bits; NaN stays a (quiet) NaN instead of rounding to infinity.
    internal static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    // Block: f16 scale, then 32 signed bytes; value = scale * q.
    private static void DecodeQ8_0(ReadOnlySpan<byte> source, Span<float> destination)
    {
        const int blockBytes = 34, blockValues = 32;
        for (int b = 0, o = 0; b + blockBytes <= source.Length; b += blockBytes, o += blockValues)
        {
            var scale = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(source[b..]));
            var quants = MemoryMarshal.Cast<byte, sbyte>(source.Slice(b + 2, blockValues));
            for (var j = 0; j < blockValues; j++)
            {
                destination[o + j] = quants[j] * scale;
            }
        }
    }

    // Block: f16 scale, then 16 bytes of 4-bit quants; low nibbles are values 0-15, high nibbles 16-31; value = scale * (q - 8).
    private static void DecodeQ4_0(ReadOnlySpan<byte> source, Span<float> destination)
    {
        const int blockBytes = 18, blockValues = 32, half = blockValues / 2;
        for (int b = 0, o = 0; b + blockBytes <= source.Length; b += blockBytes, o += blockValues)
        {
            var scale = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(source[b..]));
            var quants = source.Slice(b + 2, half);
            for (var j = 0; j < half; j++)
            {
                destination[o + j] = ((quants[j] & 0x0F) - 8) * scale;
                destination[o + j + half] = ((quants[j] >> 4) - 8) * scale;
            }
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF tensor conversion assumes a little-endian machine.");
        }
    }
}
