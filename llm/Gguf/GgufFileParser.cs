using System.Collections.Immutable;
using System.Text;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// Parses the header, metadata and tensor table of a GGUF file and checks everything a later reader relies
/// on: counts against remaining bytes, known types, aligned non-overlapping tensor data inside the file.
/// </summary>
internal static class GgufFileParser
{
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    // Smallest possible encodings, used to reject counts the remaining bytes cannot hold.
    private const long MinMetadataEntryBytes = 8 + 1 + 4 + 1; // key length, 1-byte key, type, 1-byte value
    private const long MinTensorInfoBytes = 8 + 1 + 4 + 4 + 8; // name length, 1-byte name, n_dims, type, offset
    private const int MaxTensorNameBytes = 63; // GGML_MAX_NAME (64) including the terminating zero

    public static GgufFile Parse(Stream stream, long length, string sourcePath, string? filePath, long streamOrigin)
    {
        var reader = new GgufHeaderReader(stream, length, sourcePath);

        var magic = reader.ReadBytes(4, "magic");
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw reader.Invalid(0, "magic",
                $"not a GGUF file: magic at offset 0 is '{Printable(magic)}' (0x{Convert.ToHexString(magic)}), expected 'GGUF'");
        }

        var version = reader.ReadUInt32("version");
        if (version is not (2 or 3))
        {
            var hint = (version & 0xFFFF) == 0 && version != 0
                ? " (the file looks big-endian; only little-endian GGUF is supported)"
                : version == 1 ? " (GGUF v1 is obsolete)" : string.Empty;
            throw reader.Invalid(4, "version", $"unsupported GGUF version {version} at offset 4{hint}; versions 2 and 3 are supported");
        }

        var tensorCountOffset = reader.Position;
        var tensorCount = reader.ReadUInt64("tensor count");
        var kvCountOffset = reader.Position;
        var kvCount = reader.ReadUInt64("metadata count");
        if (tensorCount > (ulong)(reader.Remaining / MinTensorInfoBytes) || tensorCount > (ulong)Array.MaxLength)
        {
            throw reader.Invalid(tensorCountOffset, "tensor count",
                $"tensor count {tensorCount} at offset {tensorCountOffset} is impossible: the {reader.Remaining} bytes left hold at most {reader.Remaining / MinTensorInfoBytes} tensor infos");
        }
        if (kvCount > (ulong)(reader.Remaining / MinMetadataEntryBytes))
        {
            throw reader.Invalid(kvCountOffset, "metadata count",
                $"metadata count {kvCount} at offset {kvCountOffset} is impossible: the {reader.Remaining} bytes left hold at most {reader.Remaining / MinMetadataEntryBytes} entries");
        }

        var metadata = new OrderedDictionary<string, GgufValue>(StringComparer.Ordinal);
        var metadataOffsets = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0UL; i < kvCount; i++)
        {
            var keyOffset = reader.Position;
            var keyField = $"metadata key #{i}";
            var key = reader.ReadString(keyField);
            if (key.Length == 0)
            {
                throw reader.Invalid(keyOffset, keyField, $"metadata key #{i} at offset {keyOffset} is empty");
            }
            if (metadata.ContainsKey(key))
            {
                throw reader.Invalid(keyOffset, $"metadata '{key}'", $"duplicate metadata key '{key}' at offset {keyOffset}");
            }
            metadata.Add(key, ReadValue(reader, key));
            metadataOffsets.Add(key, keyOffset);
        }

        var alignment = ReadAlignment(reader, metadata, metadataOffsets);

        var tensors = ImmutableArray.CreateBuilder<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0UL; i < tensorCount; i++)
        {
            tensors.Add(ReadTensorInfo(reader, i, names));
        }

        // The data section starts at the next multiple of the alignment (only when there are tensors, as in ggml).
        var dataOffset = tensorCount > 0 ? AlignUp(reader.Position, alignment) : reader.Position;
        if (dataOffset > length)
        {
            throw reader.Invalid(reader.Position, "tensor data",
                $"truncated at offset {length} while reading tensor data: the data section should start at offset {dataOffset}");
        }
        CheckTensorPlacement(reader, tensors, dataOffset, alignment);

        return new GgufFile(version, alignment, metadata, metadataOffsets, tensors.MoveToImmutable(), dataOffset, sourcePath, filePath, streamOrigin, length);
    }

    private static GgufValue ReadValue(GgufHeaderReader reader, string key)
    {
        var typeOffset = reader.Position;
        var field = $"metadata '{key}' value";
        var type = ReadValueType(reader, field, typeOffset, key);
        if (type != GgufValueType.Array)
        {
            return ReadScalar(reader, type, field);
        }

        var elementTypeOffset = reader.Position;
        var elementType = ReadValueType(reader, field, elementTypeOffset, key);
        if (elementType == GgufValueType.Array)
        {
            throw reader.Invalid(elementTypeOffset, field, $"metadata '{key}' at offset {elementTypeOffset} is an array of arrays, which GGUF readers do not support");
        }
        var countOffset = reader.Position;
        var count = reader.ReadUInt64(field);
        var minElementBytes = elementType == GgufValueType.String ? 8 : ScalarSize(elementType);
        if (count > (ulong)Array.MaxLength || count > (ulong)(reader.Remaining / minElementBytes))
        {
            throw reader.Invalid(countOffset, field,
                $"metadata '{key}' array count {count} at offset {countOffset} is impossible: the {reader.Remaining} bytes left hold at most {reader.Remaining / minElementBytes} {GgufValue.TypeName(elementType)} elements");
        }
        var n = (int)count;
        Array values = elementType switch
        {
            GgufValueType.UInt8 => Fill(new byte[n], () => reader.ReadUInt8(field)),
            GgufValueType.Int8 => Fill(new sbyte[n], () => (sbyte)reader.ReadUInt8(field)),
            GgufValueType.UInt16 => Fill(new ushort[n], () => ReadUInt16(reader, field)),
            GgufValueType.Int16 => Fill(new short[n], () => (short)ReadUInt16(reader, field)),
            GgufValueType.UInt32 => Fill(new uint[n], () => reader.ReadUInt32(field)),
            GgufValueType.Int32 => Fill(new int[n], () => (int)reader.ReadUInt32(field)),
            GgufValueType.Float32 => Fill(new float[n], () => BitConverter.UInt32BitsToSingle(reader.ReadUInt32(field))),
            GgufValueType.Bool => Fill(new bool[n], () => reader.ReadUInt8(field) != 0),
            GgufValueType.String => Fill(new string[n], () => reader.ReadString(field)),
            GgufValueType.UInt64 => Fill(new ulong[n], () => reader.ReadUInt64(field)),
            GgufValueType.Int64 => Fill(new long[n], () => (long)reader.ReadUInt64(field)),
            GgufValueType.Float64 => Fill(new double[n], () => BitConverter.UInt64BitsToDouble(reader.ReadUInt64(field))),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return GgufValue.FromElements(elementType, values);
    }

    private static GgufValueType ReadValueType(GgufHeaderReader reader, string field, long offset, string key)
    {
        var raw = reader.ReadUInt32(field);
        if (raw > (uint)GgufValueType.Float64)
        {
            throw reader.Invalid(offset, field, $"metadata '{key}' has unknown value type {raw} at offset {offset}");
        }
        return (GgufValueType)raw;
    }

    private static GgufValue ReadScalar(GgufHeaderReader reader, GgufValueType type, string field) => type switch
    {
        GgufValueType.UInt8 => GgufValue.FromUInt8(reader.ReadUInt8(field)),
        GgufValueType.Int8 => GgufValue.FromInt8((sbyte)reader.ReadUInt8(field)),
        GgufValueType.UInt16 => GgufValue.FromUInt16(ReadUInt16(reader, field)),
        GgufValueType.Int16 => GgufValue.FromInt16((short)ReadUInt16(reader, field)),
        GgufValueType.UInt32 => GgufValue.FromUInt32(reader.ReadUInt32(field)),
        GgufValueType.Int32 => GgufValue.FromInt32((int)reader.ReadUInt32(field)),
        GgufValueType.Float32 => GgufValue.FromFloat32(BitConverter.UInt32BitsToSingle(reader.ReadUInt32(field))),
        GgufValueType.Bool => GgufValue.FromBool(reader.ReadUInt8(field) != 0),
        GgufValueType.String => GgufValue.FromString(reader.ReadString(field)),
        GgufValueType.UInt64 => GgufValue.FromUInt64(reader.ReadUInt64(field)),
        GgufValueType.Int64 => GgufValue.FromInt64((long)reader.ReadUInt64(field)),
        GgufValueType.Float64 => GgufValue.FromFloat64(BitConverter.UInt64BitsToDouble(reader.ReadUInt64(field))),
        _ => throw new InvalidOperationException("unreachable"),
    };

    private static ushort ReadUInt16(GgufHeaderReader reader, string field)
    {
        var lo = reader.ReadUInt8(field);
        var hi = reader.ReadUInt8(field);
        return (ushort)(lo | (hi << 8));
    }

    private static T[] Fill<T>(T[] values, Func<T> next)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = next();
        }
        return values;
    }

    internal static int ScalarSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a fixed-size GGUF type"),
    };

    private static uint ReadAlignment(GgufHeaderReader reader, OrderedDictionary<string, GgufValue> metadata, Dictionary<string, long> offsets)
    {
        if (!metadata.TryGetValue(GgufKeys.Alignment, out var value))
        {
            return GgufKeys.DefaultAlignment;
        }
        var offset = offsets[GgufKeys.Alignment];
        var field = $"metadata '{GgufKeys.Alignment}'";
        if (value.Type != GgufValueType.UInt32)
        {
            throw reader.Invalid(offset, field, $"metadata '{GgufKeys.Alignment}' at offset {offset} is {value.TypeDescription}, expected u32");
        }
        var alignment = value.AsUInt32();
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw reader.Invalid(offset, field, $"metadata '{GgufKeys.Alignment}' at offset {offset} is {alignment}, expected a power of two");
        }
        return alignment;
    }

    private static GgufTensorInfo ReadTensorInfo(GgufHeaderReader reader, ulong index, HashSet<string> names)
    {
        var nameOffset = reader.Position;
        var nameField = $"tensor info #{index} name";
        var name = reader.ReadString(nameField);
        if (name.Length == 0)
        {
            throw reader.Invalid(nameOffset, nameField, $"tensor #{index} at offset {nameOffset} has an empty name");
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
        {
            throw reader.Invalid(nameOffset, nameField, $"tensor name '{name}' at offset {nameOffset} is longer than ggml's {MaxTensorNameBytes}-byte limit");
        }
        if (!names.Add(name))
        {
            throw reader.Invalid(nameOffset, nameField, $"duplicate tensor name '{name}' at offset {nameOffset} (tensor #{index})");
        }

        var dimsField = $"tensor info '{name}' dimensions";
        var dimsOffset = reader.Position;
        var dimCount = reader.ReadUInt32(dimsField);
        if (dimCount > GgufTensorInfo.MaxDimensions)
        {
            throw reader.Invalid(dimsOffset, dimsField, $"tensor '{name}' has {dimCount} dimensions at offset {dimsOffset}; ggml supports at most {GgufTensorInfo.MaxDimensions}");
        }
        var dims = new ulong[dimCount];
        UInt128 elements = 1;
        for (var d = 0; d < dims.Length; d++)
        {
            dims[d] = reader.ReadUInt64(dimsField);
            if (dims[d] > long.MaxValue)
            {
                throw reader.Invalid(dimsOffset, dimsField, $"tensor '{name}' dimension {d} is {dims[d]}, beyond the int64 range");
            }
            elements *= dims[d];
            if (elements > long.MaxValue)
            {
                throw reader.Invalid(dimsOffset, dimsField, $"tensor '{name}' has more than {long.MaxValue} elements");
            }
        }

        var typeField = $"tensor info '{name}' type";
        var typeOffset = reader.Position;
        var rawType = reader.ReadUInt32(typeField);
        var type = (GgmlType)rawType;
        if (!GgmlTypeTraits.IsKnown(type))
        {
            throw reader.Invalid(typeOffset, typeField, $"tensor '{name}' has unknown or retired ggml type {rawType} at offset {typeOffset}");
        }
        var rowLength = dims.Length > 0 ? dims[0] : 1;
        if (rowLength % (ulong)type.GetBlockSize() != 0)
        {
            throw reader.Invalid(dimsOffset, dimsField,
                $"tensor '{name}' rows hold {rowLength} elements, not a multiple of the {type.GetTypeName()} block size {type.GetBlockSize()}");
        }
        if ((UInt128)(ulong)elements / (ulong)type.GetBlockSize() * (ulong)type.GetTypeSize() > long.MaxValue)
        {
            throw reader.Invalid(dimsOffset, dimsField, $"tensor '{name}' is larger than {long.MaxValue} bytes");
        }

        var offset = reader.ReadUInt64($"tensor info '{name}' offset");
        return new GgufTensorInfo(name, ImmutableArray.Create(dims), type, offset);
    }

    private static void CheckTensorPlacement(GgufHeaderReader reader, ImmutableArray<GgufTensorInfo>.Builder tensors, long dataOffset, uint alignment)
    {
        var available = (ulong)(reader.Length - dataOffset);
        foreach (var tensor in tensors)
        {
            var field = $"tensor '{tensor.Name}' data";
            if (tensor.Offset % alignment != 0)
            {
                throw reader.Invalid(dataOffset, field, $"tensor '{tensor.Name}' data offset {tensor.Offset} is not a multiple of the alignment {alignment}");
            }
            if (tensor.Offset > available || tensor.ByteSize > available - tensor.Offset)
            {
                var start = (UInt128)(ulong)dataOffset + tensor.Offset;
                throw reader.Invalid(dataOffset, field,
                    $"truncated at offset {reader.Length} while reading tensor '{tensor.Name}' data: its {tensor.ByteSize} bytes would lie at [{start}, {start + tensor.ByteSize}), outside the file");
            }
        }

        // Sorted by start, each tensor with bytes must begin at or after the furthest end seen so far.
        GgufTensorInfo? furthest = null;
        foreach (var tensor in tensors.Where(t => t.ByteSize > 0).OrderBy(t => t.Offset))
        {
            if (furthest is not null && tensor.Offset < furthest.Offset + furthest.ByteSize)
            {
                throw reader.Invalid(dataOffset, $"tensor '{tensor.Name}' data",
                    $"tensor '{tensor.Name}' data at offset {tensor.Offset} overlaps tensor '{furthest.Name}' [{furthest.Offset}, {furthest.Offset + furthest.ByteSize})");
            }
            if (furthest is null || tensor.Offset + tensor.ByteSize > furthest.Offset + furthest.ByteSize)
            {
                furthest = tensor;
            }
        }
    }

    internal static long AlignUp(long value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    private static string Printable(byte[] bytes) =>
        new(bytes.Select(b => b is >= 0x20 and < 0x7F ? (char)b : '?').ToArray());
}
