using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// Builds a GGUF v3 file: metadata in the order added, then tensors. Tensor data is kept as the caller gave
/// it (arrays, raw bytes or a <see cref="TensorValueGenerator"/>) and converted chunk by chunk while writing,
/// so a model is never held twice. <see cref="Write(string, IProgress{double}?, CancellationToken)"/> writes
/// to a temporary file in the target folder and renames it into place.
/// </summary>
public sealed class GgufWriter
{
    public const uint Version = 3;

    private const int ChunkElements = 1 << 16;
    private const int MaxTensorNameBytes = 63;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly OrderedDictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>Alignment of tensor data: the <c>general.alignment</c> value if one was added, else 32.</summary>
    public uint Alignment =>
        _metadata.TryGetValue(GgufKeys.Alignment, out var value) ? value.AsUInt32() : GgufKeys.DefaultAlignment;

    /// <summary>Metadata added so far, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => _metadata.ToList();

    /// <summary>The tensor table as it will be written (offsets relative to the data section).</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => Layout();

    /// <summary>Adds a metadata entry; keys are unique and <c>general.alignment</c> must be a u32 power of two.</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.ContainsKey(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }
        if (key == GgufKeys.Alignment)
        {
            if (value.Type != GgufValueType.UInt32 || value.AsUInt32() is var a && (a == 0 || (a & (a - 1)) != 0))
            {
                throw new ArgumentException($"'{GgufKeys.Alignment}' must be a u32 power of two, not {value.TypeDescription} {value}.", nameof(value));
            }
            if (_tensors.Count > 0)
            {
                throw new InvalidOperationException($"Add '{GgufKeys.Alignment}' before the first tensor.");
            }
        }
        _metadata.Add(key, value);
        return this;
    }

    public GgufWriter AddUInt8(string key, byte value) => Add(key, GgufValue.FromUInt8(value));
    public GgufWriter AddInt8(string key, sbyte value) => Add(key, GgufValue.FromInt8(value));
    public GgufWriter AddUInt16(string key, ushort value) => Add(key, GgufValue.FromUInt16(value));
    public GgufWriter AddInt16(string key, short value) => Add(key, GgufValue.FromInt16(value));
    public GgufWriter AddUInt32(string key, uint value) => Add(key, GgufValue.FromUInt32(value));
    public GgufWriter AddInt32(string key, int value) => Add(key, GgufValue.FromInt32(value));
    public GgufWriter AddFloat32(string key, float value) => Add(key, GgufValue.FromFloat32(value));
    public GgufWriter AddBool(string key, bool value) => Add(key, GgufValue.FromBool(value));
    public GgufWriter AddString(string key, string value) => Add(key, GgufValue.FromString(value));
    public GgufWriter AddUInt64(string key, ulong value) => Add(key, GgufValue.FromUInt64(value));
    public GgufWriter AddInt64(string key, long value) => Add(key, GgufValue.FromInt64(value));
    public GgufWriter AddFloat64(string key, double value) => Add(key, GgufValue.FromFloat64(value));

    /// <summary>Adds a tensor whose float32 values are stored as <paramref name="type"/> (F32, F16 or BF16) when written.</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<ulong> dimensions, GgmlType type, ReadOnlyMemory<float> values)
    {
        var info = Validate(name, dimensions, type, floatSource: true);
        if ((ulong)values.Length != info.ElementCount)
        {
            throw new ArgumentException($"Tensor '{name}' has {info.ElementCount} elements but {values.Length} values were given.", nameof(values));
        }
        return Append(info, values);
    }

    /// <summary>Adds a tensor whose float32 values are produced chunk by chunk while writing.</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<ulong> dimensions, GgmlType type, TensorValueGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Append(Validate(name, dimensions, type, floatSource: true), generator);
    }

    /// <summary>Adds a tensor given as bytes already encoded in <paramref name="type"/> (any known ggml type).</summary>
    public GgufWriter AddTensorBytes(string name, ReadOnlySpan<ulong> dimensions, GgmlType type, ReadOnlyMemory<byte> data)
    {
        var info = Validate(name, dimensions, type, floatSource: false);
        if ((ulong)data.Length != info.ByteSize)
        {
            throw new ArgumentException($"Tensor '{name}' takes {info.ByteSize} bytes as {type.GetTypeName()} but {data.Length} were given.", nameof(data));
        }
        return Append(info, data);
    }

    /// <summary>Total bytes <see cref="Write(Stream, IProgress{double}?, CancellationToken)"/> will produce.</summary>
    public long ComputeFileLength()
    {
        var tensors = Layout();
        var header = HeaderLength(tensors);
        return tensors.Count == 0 ? header : header + DataLength(tensors);
    }

    /// <summary>Writes the file atomically: to a temporary file beside <paramref name="path"/>, then renamed over it.</summary>
    public void Write(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                Write(stream, progress, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes the GGUF data to <paramref name="stream"/> (which need not be seekable).</summary>
    public void Write(Stream stream, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var tensors = Layout();
        var output = new CountingOutput(stream, tensors.Count == 0 ? HeaderLength(tensors) : HeaderLength(tensors) + DataLength(tensors), progress);

        output.WriteBytes("GGUF"u8);
        output.WriteUInt32(Version);
        output.WriteUInt64((ulong)tensors.Count);
        output.WriteUInt64((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            output.WriteString(key);
            WriteValue(output, value);
        }
        foreach (var tensor in tensors)
        {
            output.WriteString(tensor.Name);
            output.WriteUInt32((uint)tensor.Dimensions.Length);
            foreach (var d in tensor.Dimensions)
            {
                output.WriteUInt64(d);
            }
            output.WriteUInt32((uint)tensor.Type);
            output.WriteUInt64(tensor.Offset);
        }
        output.Pad(Alignment);

        var floats = new float[ChunkElements];
        var bytes = new byte[ChunkElements * sizeof(double)];
        for (var i = 0; i < tensors.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteTensorData(output, tensors[i], _tensors[i].Source, floats, bytes, cancellationToken);
            output.Pad(Alignment);
        }
        progress?.Report(1.0);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed; that is the error worth reporting.
        }
    }

    private static void WriteTensorData(CountingOutput output, GgufTensorInfo tensor, object source, float[] floats, byte[] bytes, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case ReadOnlyMemory<byte> raw:
                for (var done = 0; done < raw.Length; done += bytes.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    output.WriteBytes(raw.Span.Slice(done, Math.Min(bytes.Length, raw.Length - done)));
                }
                break;
            case ReadOnlyMemory<float> values:
                for (var done = 0; done < values.Length; done += ChunkElements)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    WriteFloats(output, tensor.Type, values.Span.Slice(done, Math.Min(ChunkElements, values.Length - done)), bytes);
                }
                break;
            case TensorValueGenerator generator:
                var total = (long)tensor.ElementCount;
                for (long done = 0; done < total; done += ChunkElements)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = floats.AsSpan(0, (int)Math.Min(ChunkElements, total - done));
                    generator(chunk, done);
                    WriteFloats(output, tensor.Type, chunk, bytes);
                }
                break;
            default:
                throw new InvalidOperationException($"Unexpected tensor source {source.GetType()}.");
        }
    }

    private static void WriteFloats(CountingOutput output, GgmlType type, ReadOnlySpan<float> values, byte[] bytes)
    {
        if (type == GgmlType.F32 && BitConverter.IsLittleEndian)
        {
            output.WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }
        var encoded = bytes.AsSpan(0, checked((int)type.GetByteSize((ulong)values.Length)));
        GgmlConversion.Encode(type, values, encoded);
        output.WriteBytes(encoded);
    }

    private static void WriteValue(CountingOutput output, GgufValue value)
    {
        output.WriteUInt32((uint)value.Type);
        if (!value.IsArray)
        {
            WriteScalar(output, value.RawValue);
            return;
        }
        output.WriteUInt32((uint)value.ElementType!.Value);
        var elements = (Array)value.RawValue;
        output.WriteUInt64((ulong)elements.Length);
        foreach (var element in elements)
        {
            WriteScalar(output, element);
        }
    }

    private static void WriteScalar(CountingOutput output, object value)
    {
        switch (value)
        {
            case byte v: output.WriteByte(v); break;
            case sbyte v: output.WriteByte((byte)v); break;
            case ushort v: output.WriteUInt16(v); break;
            case short v: output.WriteUInt16((ushort)v); break;
            case uint v: output.WriteUInt32(v); break;
            case int v: output.WriteUInt32((uint)v); break;
            case float v: output.WriteUInt32(BitConverter.SingleToUInt32Bits(v)); break;
            case bool v: output.WriteByte(v ? (byte)1 : (byte)0); break;
            case string v: output.WriteString(v); break;
            case ulong v: output.WriteUInt64(v); break;
            case long v: output.WriteUInt64((ulong)v); break;
            case double v: output.WriteUInt64(BitConverter.DoubleToUInt64Bits(v)); break;
            default: throw new InvalidOperationException($"Unexpected metadata value {value.GetType()}.");
        }
    }

    private GgufTensorInfo Validate(string name, ReadOnlySpan<ulong> dimensions, GgmlType type, bool floatSource)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Utf8.GetByteCount(name) > MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than ggml's {MaxTensorNameBytes}-byte limit.", nameof(name));
        }
        if (_tensorNames.Contains(name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }
        if (dimensions.Length is 0 or > GgufTensorInfo.MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' must have 1 to {GgufTensorInfo.MaxDimensions} dimensions, not {dimensions.Length}.", nameof(dimensions));
        }
        foreach (var d in dimensions)
        {
            if (d == 0)
            {
                throw new ArgumentException($"Tensor '{name}' has a zero dimension.", nameof(dimensions));
            }
        }
        if (!GgmlTypeTraits.IsKnown(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), (uint)type, $"Tensor '{name}': unknown ggml type {(uint)type}.");
        }
        if (floatSource && !GgmlConversion.CanEncode(type))
        {
            throw new ArgumentException($"Tensor '{name}': float values can be stored as F32, F16 or BF16, not {type.GetTypeName()}; pass encoded bytes instead.", nameof(type));
        }
        try
        {
            return new GgufTensorInfo(name, ImmutableArray.Create(dimensions.ToArray()), type, offset: 0);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"Tensor '{name}' is too large.", nameof(dimensions), e);
        }
    }

    private GgufWriter Append(GgufTensorInfo info, object source)
    {
        _tensors.Add(new PendingTensor(info, source));
        _tensorNames.Add(info.Name);
        return this;
    }

    // Offsets: each tensor starts at the next multiple of the alignment after the previous one, from 0.
    private List<GgufTensorInfo> Layout()
    {
        var alignment = Alignment;
        var result = new List<GgufTensorInfo>(_tensors.Count);
        var offset = 0UL;
        foreach (var pending in _tensors)
        {
            var info = pending.Info;
            result.Add(new GgufTensorInfo(info.Name, info.Dimensions, info.Type, offset));
            offset = checked(offset + AlignUp(info.ByteSize, alignment));
        }
        return result;
    }

    private long HeaderLength(List<GgufTensorInfo> tensors)
    {
        long length = 4 + 4 + 8 + 8;
        foreach (var (key, value) in _metadata)
        {
            length += StringLength(key) + 4 + ValueLength(value);
        }
        foreach (var tensor in tensors)
        {
            length += StringLength(tensor.Name) + 4 + 8L * tensor.Dimensions.Length + 4 + 8;
        }
        return (long)AlignUp((ulong)length, Alignment);
    }

    private long DataLength(List<GgufTensorInfo> tensors) =>
        tensors.Count == 0 ? 0 : (long)(tensors[^1].Offset + AlignUp(tensors[^1].ByteSize, Alignment));

    private static long ValueLength(GgufValue value)
    {
        if (!value.IsArray)
        {
            return value.Type == GgufValueType.String ? StringLength(value.AsString()) : GgufFileParser.ScalarSize(value.Type);
        }
        long length = 4 + 8;
        if (value.ElementType == GgufValueType.String)
        {
            foreach (var s in value.AsStringArray())
            {
                length += StringLength(s);
            }
            return length;
        }
        return length + (long)value.Count * GgufFileParser.ScalarSize(value.ElementType!.Value);
    }

    private static long StringLength(string value) => 8 + Utf8.GetByteCount(value);

    private static ulong AlignUp(ulong value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    private sealed record PendingTensor(GgufTensorInfo Info, object Source);

    /// <summary>Little-endian output that counts bytes for padding and progress.</summary>
    private sealed class CountingOutput(Stream stream, long expectedLength, IProgress<double>? progress)
    {
        private readonly byte[] _scratch = new byte[8];
        private long _written;
        private long _lastReported;

        public void WriteByte(byte value)
        {
            _scratch[0] = value;
            WriteBytes(_scratch.AsSpan(0, 1));
        }

        public void WriteUInt16(ushort value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(_scratch, value);
            WriteBytes(_scratch.AsSpan(0, 2));
        }

        public void WriteUInt32(uint value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_scratch, value);
            WriteBytes(_scratch.AsSpan(0, 4));
        }

        public void WriteUInt64(ulong value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_scratch, value);
            WriteBytes(_scratch.AsSpan(0, 8));
        }

        public void WriteString(string value)
        {
            var bytes = Utf8.GetBytes(value);
            WriteUInt64((ulong)bytes.Length);
            WriteBytes(bytes);
        }

        public void Pad(uint alignment)
        {
            Span<byte> zeros = stackalloc byte[64];
            zeros.Clear();
            var padding = (long)AlignUp((ulong)_written, alignment) - _written;
            while (padding > 0)
            {
                var n = (int)Math.Min(padding, zeros.Length);
                WriteBytes(zeros[..n]);
                padding -= n;
            }
        }

        public void WriteBytes(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            _written += bytes.Length;
            // Report about every 1% (and at least every 16 MiB on huge files) rather than per write.
            if (progress is not null && expectedLength > 0 && _written - _lastReported >= Math.Min(expectedLength / 100 + 1, 16L << 20))
            {
                _lastReported = _written;
                progress.Report(Math.Min(1.0, (double)_written / expectedLength));
            }
        }
    }
}
