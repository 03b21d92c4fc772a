using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// The header of a GGUF file: version, metadata (in file order) and tensor table. Reading it touches only
/// the header, never the tensor data, and validates it completely: any malformed file gives a
/// <see cref="GgufFormatException"/>. Tensor data is read on demand with <see cref="ReadTensorFloat32(GgufTensorInfo)"/>.
/// The typed properties return null when their key is absent and throw <see cref="GgufFormatException"/> when it
/// holds a value of the wrong type. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class GgufFile
{
    // Tensor data is read from the file in pieces of about this size, whole blocks at a time.
    private const int ReadChunkBytes = 1 << 20;

    private readonly IReadOnlyDictionary<string, long> _metadataOffsets;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;
    private readonly string? _filePath;
    private readonly long _streamOrigin;

    internal GgufFile(
        uint version,
        uint alignment,
        OrderedDictionary<string, GgufValue> metadata,
        IReadOnlyDictionary<string, long> metadataOffsets,
        ImmutableArray<GgufTensorInfo> tensors,
        long dataOffset,
        string sourcePath,
        string? filePath,
        long streamOrigin,
        long fileLength)
    {
        Version = version;
        Alignment = alignment;
        Metadata = new ReadOnlyDictionary<string, GgufValue>(metadata);
        _metadataOffsets = metadataOffsets;
        Tensors = tensors;
        _tensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        DataOffset = dataOffset;
        SourcePath = sourcePath;
        _filePath = filePath;
        _streamOrigin = streamOrigin;
        FileLength = fileLength;
        ParameterCount = tensors.Aggregate(0UL, (sum, t) => sum + t.ElementCount);
    }

    /// <summary>GGUF format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Alignment of tensor data (<c>general.alignment</c>, default 32).</summary>
    public uint Alignment { get; }

    /// <summary>All metadata, enumerated in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>The tensor table in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Offset of the tensor data section from the start of the GGUF data.</summary>
    public long DataOffset { get; }

    /// <summary>The file path, or the name given for a stream.</summary>
    public string SourcePath { get; }

    /// <summary>Length of the GGUF data in bytes (the file length for files).</summary>
    public long FileLength { get; }

    /// <summary>Sum of all tensors' element counts.</summary>
    public ulong ParameterCount { get; }

    /// <summary>Reads and validates the header and tensor table of the file at <paramref name="path"/>.</summary>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return GgufFileParser.Parse(stream, stream.Length, path, fullPath, streamOrigin: 0);
    }

    /// <summary>
    /// Reads and validates a GGUF header from a seekable stream positioned at the start of the GGUF data; offsets
    /// are relative to that position. <paramref name="sourceName"/> names the data in error messages.
    /// Tensor data is then read with <see cref="ReadTensorFloat32(GgufTensorInfo, Stream)"/>. The stream is not
    /// disposed; its position afterwards is unspecified (the reader reads ahead).
    /// </summary>
    public static GgufFile Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The GGUF stream must be readable and seekable.", nameof(stream));
        }
        return GgufFileParser.Parse(stream, stream.Length - stream.Position, sourceName, filePath: null, streamOrigin: stream.Position);
    }

    /// <summary><c>general.architecture</c>, e.g. "llama"; null when absent.</summary>
    public string? Architecture => TryGetString(GgufKeys.Architecture, out var value) ? value : null;

    /// <summary><c>general.name</c>; null when absent.</summary>
    public string? Name => TryGetString(GgufKeys.Name, out var value) ? value : null;

    /// <summary><c>{arch}.context_length</c>: the context the model was trained with.</summary>
    public uint? ContextLength => ArchitectureUInt32(GgufKeys.ContextLength);

    /// <summary><c>{arch}.embedding_length</c>.</summary>
    public uint? EmbeddingLength => ArchitectureUInt32(GgufKeys.EmbeddingLength);

    /// <summary><c>{arch}.block_count</c>: number of transformer layers.</summary>
    public uint? BlockCount => ArchitectureUInt32(GgufKeys.BlockCount);

    /// <summary><c>{arch}.feed_forward_length</c> (the largest entry when given per layer).</summary>
    public uint? FeedForwardLength => ArchitectureUInt32(GgufKeys.FeedForwardLength);

    /// <summary><c>{arch}.attention.head_count</c> (the largest entry when given per layer).</summary>
    public uint? HeadCount => ArchitectureUInt32(GgufKeys.HeadCount);

    /// <summary><c>{arch}.attention.head_count_kv</c>; as llama.cpp does, defaults to <see cref="HeadCount"/> when absent.</summary>
    public uint? HeadCountKv => ArchitectureUInt32(GgufKeys.HeadCountKv) ?? HeadCount;

    /// <summary>Number of tokens in <c>tokenizer.ggml.tokens</c>, or <c>{arch}.vocab_size</c> when the file has no token list.</summary>
    public int? VocabularySize
    {
        get
        {
            if (Metadata.TryGetValue(GgufKeys.Tokens, out var tokens))
            {
                return tokens.IsArray ? tokens.Count : throw TypeMismatch(GgufKeys.Tokens, tokens, "an array");
            }
            var size = ArchitectureUInt32(GgufKeys.VocabularySize);
            return size is null ? null : checked((int)size.Value);
        }
    }

    /// <summary><c>tokenizer.chat_template</c> (Jinja text); null when absent.</summary>
    public string? ChatTemplate => TryGetString(GgufKeys.ChatTemplate, out var value) ? value : null;

    /// <summary>Name of <c>general.file_type</c> as llama.cpp uses it ("F32", "F16", "Q8_0", "Q4_K_M"...); null when absent.</summary>
    public string? FileTypeName =>
        Metadata.TryGetValue(GgufKeys.FileType, out var value)
            ? value.TryGetInteger(out var id) && id >= 0 && id <= ulong.MaxValue
                ? LlamaFileTypeNames.Describe((ulong)id)
                : throw TypeMismatch(GgufKeys.FileType, value, "an integer")
            : null;

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public GgufTensorInfo? FindTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _tensorsByName.GetValueOrDefault(name);
    }

    public string GetString(string key) => Get(key, "a string", v => v.Type == GgufValueType.String, v => v.AsString());

    public uint GetUInt32(string key) => Get(key, "an integer in the uint32 range", v => v.TryGetInteger(out var i) && i >= 0 && i <= uint.MaxValue, v => v.AsUInt32());

    public long GetInt64(string key) => Get(key, "an integer in the int64 range", v => v.TryGetInteger(out var i) && i >= long.MinValue && i <= long.MaxValue, v => v.AsInt64());

    public float GetSingle(string key) => Get(key, "a floating-point number", IsFloat, v => v.AsSingle());

    public bool GetBool(string key) => Get(key, "a bool", v => v.Type == GgufValueType.Bool, v => v.AsBool());

    public IReadOnlyList<string> GetStringArray(string key) => Get(key, "an array of strings", v => v.ElementType == GgufValueType.String, v => v.AsStringArray());

    /// <summary>The string under <paramref name="key"/>; false when the key is absent or holds another type.</summary>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value) =>
        TryGet(key, v => v.Type == GgufValueType.String, v => v.AsString(), out value);

    public bool TryGetUInt32(string key, out uint value) =>
        TryGet(key, v => v.TryGetInteger(out var i) && i >= 0 && i <= uint.MaxValue, v => v.AsUInt32(), out value);

    public bool TryGetInt64(string key, out long value) =>
        TryGet(key, v => v.TryGetInteger(out var i) && i >= long.MinValue && i <= long.MaxValue, v => v.AsInt64(), out value);

    public bool TryGetSingle(string key, out float value) => TryGet(key, IsFloat, v => v.AsSingle(), out value);

    public bool TryGetBool(string key, out bool value) => TryGet(key, v => v.Type == GgufValueType.Bool, v => v.AsBool(), out value);

    public bool TryGetStringArray(string key, [NotNullWhen(true)] out IReadOnlyList<string>? value) =>
        TryGet(key, v => v.ElementType == GgufValueType.String, v => v.AsStringArray(), out value);

    /// <summary>Reads the raw bytes of <paramref name="tensor"/> from the file.</summary>
    public byte[] ReadTensorBytes(GgufTensorInfo tensor)
    {
        var owned = Owned(tensor);
        if (owned.ByteSize > (ulong)Array.MaxLength)
        {
            throw new NotSupportedException($"Tensor '{owned.Name}' has {owned.ByteSize} bytes, more than one array can hold.");
        }
        var bytes = new byte[owned.ByteSize];
        using var handle = OpenData();
        ReadExactly(handle, bytes, DataOffset + (long)owned.Offset, owned.Name);
        return bytes;
    }

    /// <summary>
    /// Reads <paramref name="tensor"/> from the file and converts it to float32 (F32, F16, BF16, Q8_0, Q4_0,
    /// F64, I8, I16, I32). Only available for files read by path; use the <see cref="Stream"/> overload otherwise.
    /// </summary>
    public float[] ReadTensorFloat32(GgufTensorInfo tensor)
    {
        var owned = Owned(tensor);
        var values = AllocateFloats(owned);
        using var handle = OpenData();
        DecodeInChunks(owned, values, (chunk, offset) => ReadExactly(handle, chunk, offset, owned.Name));
        return values;
    }

    /// <summary>
    /// Like <see cref="ReadTensorFloat32(GgufTensorInfo)"/>, reading from <paramref name="stream"/>: the stream
    /// this header was read from (or one with the same content), the GGUF data starting where it started then.
    /// </summary>
    public float[] ReadTensorFloat32(GgufTensorInfo tensor, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The GGUF stream must be readable and seekable.", nameof(stream));
        }
        var owned = Owned(tensor);
        var origin = _streamOrigin;
        if (stream.Length - origin != FileLength)
        {
            throw new GgufFormatException(SourcePath, null, $"tensor '{owned.Name}' data",
                $"the stream holds {stream.Length - origin} bytes of GGUF data but held {FileLength} when its header was read");
        }
        var values = AllocateFloats(owned);
        DecodeInChunks(owned, values, (chunk, offset) =>
        {
            stream.Seek(origin + offset, SeekOrigin.Begin);
            try
            {
                stream.ReadExactly(chunk);
            }
            catch (EndOfStreamException e)
            {
                throw new GgufFormatException(SourcePath, offset, $"tensor '{owned.Name}' data",
                    $"truncated while reading tensor '{owned.Name}' data at offset {offset}", e);
            }
        });
        return values;
    }

    private void DecodeInChunks(GgufTensorInfo tensor, float[] values, Action<byte[], long> read)
    {
        if (!tensor.Type.CanDequantize())
        {
            throw new NotSupportedException(
                $"{SourcePath}: tensor '{tensor.Name}' has type {tensor.Type.GetTypeName()}; float32 conversion supports f32, f16, bf16, q8_0, q4_0, f64, i8, i16 and i32.");
        }
        var typeSize = tensor.Type.GetTypeSize();
        var blockSize = tensor.Type.GetBlockSize();
        var blocksPerChunk = Math.Max(1, ReadChunkBytes / typeSize);
        var totalBlocks = (long)(tensor.ByteSize / (ulong)typeSize);
        var buffer = new byte[(int)Math.Min(totalBlocks, blocksPerChunk) * typeSize];
        var start = DataOffset + (long)tensor.Offset;
        for (long block = 0; block < totalBlocks; block += blocksPerChunk)
        {
            var blocks = (int)Math.Min(blocksPerChunk, totalBlocks - block);
            var chunk = blocks == buffer.Length / typeSize ? buffer : new byte[blocks * typeSize];
            read(chunk, start + block * typeSize);
            GgmlConversion.Decode(tensor.Type, chunk, values.AsSpan((int)(block * blockSize), blocks * blockSize));
        }
    }

    private static float[] AllocateFloats(GgufTensorInfo tensor) =>
        tensor.ElementCount <= (ulong)Array.MaxLength
            ? new float[tensor.ElementCount]
            : throw new NotSupportedException($"Tensor '{tensor.Name}' has {tensor.ElementCount} elements, more than one array can hold.");

    private GgufTensorInfo Owned(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return _tensorsByName.TryGetValue(tensor.Name, out var owned) && owned.Equals(tensor)
            ? owned
            : throw new ArgumentException($"Tensor '{tensor.Name}' is not part of {SourcePath}.", nameof(tensor));
    }

    private SafeFileHandle OpenData()
    {
        if (_filePath is null)
        {
            throw new InvalidOperationException(
                $"{SourcePath} was read from a stream; pass the stream to ReadTensorFloat32(tensor, stream).");
        }
        var handle = File.OpenHandle(_filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length != FileLength)
        {
            handle.Dispose();
            throw new GgufFormatException(SourcePath, null, "file length",
                $"the file is now {length} bytes long but was {FileLength} when its header was read; it changed on disk");
        }
        return handle;
    }

    private void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string tensorName)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[done..], offset + done);
            if (read == 0)
            {
                throw new GgufFormatException(SourcePath, offset + done, $"tensor '{tensorName}' data",
                    $"truncated at offset {offset + done} while reading tensor '{tensorName}' data");
            }
            done += read;
        }
    }

    private uint? ArchitectureUInt32(Func<string, string> keyFor)
    {
        var architecture = Architecture;
        if (architecture is null || !Metadata.TryGetValue(keyFor(architecture), out var value))
        {
            return null;
        }
        var key = keyFor(architecture);
        if (value.IsArray && value.Count > 0 && value.ElementType is not (GgufValueType.String or GgufValueType.Float32 or GgufValueType.Float64 or GgufValueType.Bool))
        {
            // Per-layer values (some architectures vary heads or FFN width by layer): report the largest.
            var largest = Enumerable.Range(0, value.Count).Select(i => ArrayInteger(value, i)).Max();
            return largest >= 0 && largest <= uint.MaxValue ? (uint)largest : throw TypeMismatch(key, value, "integers in the uint32 range");
        }
        return value.TryGetInteger(out var i) && i >= 0 && i <= uint.MaxValue ? (uint)i : throw TypeMismatch(key, value, "an integer in the uint32 range");
    }

    private static Int128 ArrayInteger(GgufValue array, int index) => array.ElementType switch
    {
        GgufValueType.UInt8 => array.AsSpan<byte>()[index],
        GgufValueType.Int8 => array.AsSpan<sbyte>()[index],
        GgufValueType.UInt16 => array.AsSpan<ushort>()[index],
        GgufValueType.Int16 => array.AsSpan<short>()[index],
        GgufValueType.UInt32 => array.AsSpan<uint>()[index],
        GgufValueType.Int32 => array.AsSpan<int>()[index],
        GgufValueType.UInt64 => array.AsSpan<ulong>()[index],
        GgufValueType.Int64 => array.AsSpan<long>()[index],
        _ => -1,
    };

    private static bool IsFloat(GgufValue value) => value.Type is GgufValueType.Float32 or GgufValueType.Float64;

    private T Get<T>(string key, string expected, Func<GgufValue, bool> accepts, Func<GgufValue, T> convert)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Metadata.TryGetValue(key, out var value))
        {
            throw new GgufFormatException(SourcePath, null, $"metadata '{key}'", $"required metadata key '{key}' is missing");
        }
        return accepts(value) ? convert(value) : throw TypeMismatch(key, value, expected);
    }

    private bool TryGet<T>(string key, Func<GgufValue, bool> accepts, Func<GgufValue, T> convert, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Metadata.TryGetValue(key, out var raw) && accepts(raw))
        {
            value = convert(raw);
            return true;
        }
        value = default;
        return false;
    }

    private GgufFormatException TypeMismatch(string key, GgufValue value, string expected)
    {
        long? offset = _metadataOffsets.TryGetValue(key, out var o) ? o : null;
        var where = offset is null ? string.Empty : $" at offset {offset}";
        return new GgufFormatException(SourcePath, offset, $"metadata '{key}'", $"metadata '{key}'{where} is {value.TypeDescription}, expected {expected}");
    }

    public override string ToString() =>
        $"{SourcePath}: GGUF v{Version}, {Architecture ?? "unknown architecture"}, {Tensors.Count} tensors, {Metadata.Count} metadata entries";
}
