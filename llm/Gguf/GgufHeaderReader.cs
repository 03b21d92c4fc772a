using System.Buffers.Binary;
using System.Text;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// Little-endian reader over the header part of a GGUF stream that knows how many bytes remain, so every
/// length and count can be checked against the file before anything is allocated. Every failure becomes a
/// <see cref="GgufFormatException"/> naming the field and its offset.
/// </summary>
internal sealed class GgufHeaderReader
{
    // GGUF strings longer than this are refused outright (ggml uses the same 1 GiB ceiling).
    public const ulong MaxStringLength = 1UL << 30;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _bufferStart;
    private int _bufferEnd;

    public GgufHeaderReader(Stream stream, long length, string sourcePath)
    {
        _stream = stream;
        // Small inputs get a small buffer; strings longer than the buffer are read in pieces.
        _buffer = new byte[(int)Math.Clamp(length, 64, 64 * 1024)];
        Length = length;
        SourcePath = sourcePath;
    }

    public string SourcePath { get; }

    /// <summary>Bytes from the start of the GGUF data to the end of the stream.</summary>
    public long Length { get; }

    /// <summary>Offset of the next unread byte, from the start of the GGUF data.</summary>
    public long Position { get; private set; }

    public long Remaining => Length - Position;

    public byte ReadUInt8(string field) => Take(1, field)[0];

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    /// <summary>Reads raw bytes into a fresh array; callers bound <paramref name="count"/> by <see cref="Remaining"/> first.</summary>
    public byte[] ReadBytes(int count, string field)
    {
        var result = new byte[count];
        var start = Position;
        var done = 0;
        while (done < count)
        {
            var chunk = Math.Min(count - done, _buffer.Length);
            Take(chunk, field, start).CopyTo(result.AsSpan(done));
            done += chunk;
        }
        return result;
    }

    /// <summary>A u64 byte length followed by that many UTF-8 bytes.</summary>
    public string ReadString(string field)
    {
        var start = Position;
        var length = ReadUInt64(field);
        if (length > MaxStringLength || length > (ulong)Remaining)
        {
            throw Invalid(start, field,
                $"string length {length} at offset {start} while reading {field} exceeds the {Remaining} bytes left in the file");
        }
        var count = (int)length;
        if (count <= _buffer.Length)
        {
            return Utf8.GetString(Take(count, field, start));
        }
        return Utf8.GetString(ReadBytes(count, field));
    }

    public GgufFormatException Invalid(long offset, string field, string detail) => new(SourcePath, offset, field, detail);

    private ReadOnlySpan<byte> Take(int count, string field) => Take(count, field, Position);

    // Returns the next count bytes (count <= buffer size) and advances; fieldStart is what a truncation reports.
    private ReadOnlySpan<byte> Take(int count, string field, long fieldStart)
    {
        if (count > Remaining)
        {
            throw Truncated(fieldStart, field, count);
        }
        if (_bufferEnd - _bufferStart < count)
        {
            Fill(count, field, fieldStart);
        }
        var span = _buffer.AsSpan(_bufferStart, count);
        _bufferStart += count;
        Position += count;
        return span;
    }

    private void Fill(int count, string field, long fieldStart)
    {
        var buffered = _bufferEnd - _bufferStart;
        Buffer.BlockCopy(_buffer, _bufferStart, _buffer, 0, buffered);
        _bufferStart = 0;
        _bufferEnd = buffered;
        var wanted = (int)Math.Min(_buffer.Length - buffered, Remaining - buffered);
        int read;
        try
        {
            read = _stream.ReadAtLeast(_buffer.AsSpan(_bufferEnd, wanted), count - buffered, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new GgufFormatException(SourcePath, fieldStart, field, $"I/O error at offset {fieldStart} while reading {field}: {e.Message}", e);
        }
        _bufferEnd += read;
        if (_bufferEnd < count)
        {
            // The stream ended before its reported length: the file shrank under us.
            throw Truncated(fieldStart, field, count);
        }
    }

    private GgufFormatException Truncated(long fieldStart, string field, int count)
    {
        // Report the whole field (from its first byte), not just the piece that did not fit.
        var needed = Position - fieldStart + count;
        var left = Math.Max(0, Length - fieldStart);
        return Invalid(fieldStart, field,
            $"truncated at offset {Length} while reading {field} at offset {fieldStart} ({needed} bytes needed, {left} left)");
    }
}
