using System.Text;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class GgufCorruptionTests
{
    private const string Source = "crafted.gguf";

    [Fact]
    public void Every_truncation_gives_a_format_error_naming_the_field_being_read()
    {
        var bytes = ValidFile();
        var valid = Read(bytes);
        var last = valid.Tensors[^1];
        var dataEnd = valid.DataOffset + (long)last.Offset + (long)last.ByteSize;
        var tensorInfoStart = IndexOf(bytes, valid.Tensors[0].Name) - 8;

        var lengths = Enumerable.Range(0, (int)valid.DataOffset + 1)
            .Concat(Enumerable.Range(0, 64).Select(i => (int)(valid.DataOffset + (dataEnd - valid.DataOffset) * i / 64)))
            .Append((int)dataEnd - 1)
            .Distinct();
        foreach (var length in lengths)
        {
            var error = Assert.Throws<GgufFormatException>(() => Read(bytes[..length]));

            Assert.Equal(Source, error.SourcePath);
            Assert.StartsWith(Source + ": ", error.Message);
            Assert.NotNull(error.Offset);
            Assert.InRange(error.Offset!.Value, 0, length);
            var field = error.Field!;
            var expected = length switch
            {
                < 4 => ["magic"],
                < 8 => ["version"],
                < 16 => ["tensor count"],
                < 24 => ["metadata count"],
                _ when length < tensorInfoStart => ["tensor count", "metadata count", "metadata "],
                _ when length < valid.DataOffset => ["tensor count", "metadata count", "tensor info ", "tensor data"],
                _ => new[] { "tensor '" },
            };
            Assert.True(expected.Any(field.StartsWith), $"length {length}: field '{field}' in \"{error.Message}\"");
        }
    }

    [Fact]
    public void Truncated_file_on_disk_names_the_tensor_whose_data_is_missing()
    {
        var bytes = ValidFile();
        using var dir = new TempDirectory();
        var path = dir.File("model.gguf");
        File.WriteAllBytes(path, bytes[..^40]);

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Read(path));

        Assert.Equal(path, error.SourcePath);
        Assert.Equal("tensor 'output.weight' data", error.Field);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Truncation_inside_tensor_info_reports_the_tensor_and_offset()
    {
        var raw = RawGguf.Header(tensorCount: 1, kvCount: 0).Str("blk.0.attn_q.weight").U32(2).U64(64);
        var secondDimension = raw.Length;
        var bytes = raw.Bytes(new byte[3]).ToArray(); // the second dimension is cut after 3 of its 8 bytes

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("tensor info 'blk.0.attn_q.weight' dimensions", error.Field);
        Assert.Equal(secondDimension, error.Offset);
        Assert.Equal(
            $"{Source}: truncated at offset {bytes.Length} while reading tensor info 'blk.0.attn_q.weight' dimensions at offset {secondDimension} (8 bytes needed, 3 left)",
            error.Message);
    }

    [Fact]
    public void Bad_magic_is_rejected()
    {
        var error = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 0, magic: "GGML").ToArray()));

        Assert.Equal("magic", error.Field);
        Assert.Equal(0, error.Offset);
        Assert.Contains("'GGML'", error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void Unsupported_versions_are_rejected(uint version)
    {
        var error = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 0, version).ToArray()));

        Assert.Equal("version", error.Field);
        Assert.Equal(4, error.Offset);
        Assert.Contains($"version {version}", error.Message);
    }

    [Fact]
    public void Version_2_is_accepted()
    {
        var file = Read(RawGguf.Header(0, 1, version: 2).KvString("general.name", "v2").ToArray());

        Assert.Equal(2u, file.Version);
        Assert.Equal("v2", file.Name);
    }

    [Fact]
    public void Huge_string_length_is_rejected_before_allocating()
    {
        var bytes = RawGguf.Header(0, 1).U64(ulong.MaxValue - 3).Zeros(40).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("metadata key #0", error.Field);
        Assert.Equal(24, error.Offset);
        Assert.Contains("string length 18446744073709551612", error.Message);
    }

    [Fact]
    public void String_value_longer_than_the_file_is_rejected()
    {
        var bytes = RawGguf.Header(0, 1).Str("general.name").U32(8).U64(1_000_000).Bytes("short"u8).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("metadata 'general.name' value", error.Field);
    }

    [Fact]
    public void Huge_array_count_is_rejected_before_allocating()
    {
        var bytes = RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").U32(9).U32(8).U64(1UL << 61).Zeros(64).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("metadata 'tokenizer.ggml.tokens' value", error.Field);
        Assert.Contains("array count 2305843009213693952", error.Message);
    }

    [Fact]
    public void Array_count_just_beyond_the_remaining_bytes_is_rejected()
    {
        // 10 u32 elements need 40 bytes; only 39 follow.
        var bytes = RawGguf.Header(0, 1).Str("a").U32(9).U32(4).U64(10).Zeros(39).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("metadata 'a' value", error.Field);
    }

    [Fact]
    public void Absurd_counts_are_rejected()
    {
        var tensors = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(1UL << 40, 0).Zeros(100).ToArray()));
        Assert.Equal("tensor count", tensors.Field);
        Assert.Equal(8, tensors.Offset);

        var entries = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, ulong.MaxValue).Zeros(100).ToArray()));
        Assert.Equal("metadata count", entries.Field);
        Assert.Equal(16, entries.Offset);
    }

    [Fact]
    public void Tensor_offset_outside_the_file_is_rejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [4], (uint)GgmlType.F32, offset: 1UL << 40).Pad().Zeros(16).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("tensor 'w' data", error.Field);
        Assert.Contains("outside the file", error.Message);
    }

    [Fact]
    public void Tensor_data_running_past_the_end_is_rejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [4], (uint)GgmlType.F32, offset: 0).Pad().Zeros(15).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("tensor 'w' data", error.Field);
    }

    [Fact]
    public void Seven_dimensions_are_rejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [1, 1, 1, 1, 1, 1, 1], (uint)GgmlType.F32, 0).Pad().Zeros(32).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("tensor info 'w' dimensions", error.Field);
        Assert.Contains("7 dimensions", error.Message);
    }

    [Fact]
    public void Unknown_types_are_rejected()
    {
        var valueType = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 1).Str("k").U32(13).U32(0).ToArray()));
        Assert.Equal("metadata 'k' value", valueType.Field);
        Assert.Contains("unknown value type 13", valueType.Message);

        var nested = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 1).Str("k").U32(9).U32(9).U64(0).ToArray()));
        Assert.Contains("array of arrays", nested.Message);

        var ggmlType = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(1, 0).Tensor("w", [32], 31, 0).Pad().Zeros(64).ToArray()));
        Assert.Equal("tensor info 'w' type", ggmlType.Field);
        Assert.Contains("ggml type 31", ggmlType.Message);

        var tooNew = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(1, 0).Tensor("w", [32], 1000, 0).Pad().Zeros(64).ToArray()));
        Assert.Contains("ggml type 1000", tooNew.Message);
    }

    [Fact]
    public void Rows_that_are_not_whole_blocks_are_rejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("q", [16], (uint)GgmlType.Q8_0, 0).Pad().Zeros(64).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Contains("block size 32", error.Message);
    }

    [Fact]
    public void Misaligned_tensor_offset_is_rejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [4], (uint)GgmlType.F32, offset: 8).Pad().Zeros(64).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Contains("not a multiple of the alignment 32", error.Message);
    }

    [Fact]
    public void Overlapping_tensors_are_rejected()
    {
        var bytes = RawGguf.Header(2, 0)
            .Tensor("a", [16], (uint)GgmlType.F32, offset: 0)
            .Tensor("b", [16], (uint)GgmlType.F32, offset: 32)
            .Pad().Zeros(128).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => Read(bytes));

        Assert.Equal("tensor 'b' data", error.Field);
        Assert.Contains("overlaps tensor 'a'", error.Message);
    }

    [Fact]
    public void Duplicates_are_rejected()
    {
        var keys = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 2).KvU32("k", 1).KvU32("k", 2).ToArray()));
        Assert.Contains("duplicate metadata key 'k'", keys.Message);

        var tensors = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(2, 0)
            .Tensor("w", [8], (uint)GgmlType.F32, 0).Tensor("w", [8], (uint)GgmlType.F32, 32).Pad().Zeros(64).ToArray()));
        Assert.Contains("duplicate tensor name 'w'", tensors.Message);
    }

    [Fact]
    public void Bad_alignment_values_are_rejected()
    {
        var notPowerOfTwo = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 1).KvU32("general.alignment", 24).ToArray()));
        Assert.Equal("metadata 'general.alignment'", notPowerOfTwo.Field);
        Assert.Contains("power of two", notPowerOfTwo.Message);

        var wrongType = Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 1).KvString("general.alignment", "32").ToArray()));
        Assert.Contains("expected u32", wrongType.Message);
    }

    [Fact]
    public void Empty_names_are_rejected()
    {
        Assert.Contains("empty", Assert.Throws<GgufFormatException>(() => Read(RawGguf.Header(0, 1).KvU32("", 1).ToArray())).Message);
        Assert.Contains("empty name", Assert.Throws<GgufFormatException>(() =>
            Read(RawGguf.Header(1, 0).Tensor("", [8], 0, 0).Pad().Zeros(32).ToArray())).Message);
    }

    [Fact]
    public void Crafted_valid_file_reads()
    {
        var bytes = RawGguf.Header(2, 1)
            .KvString("general.architecture", "llama")
            .Tensor("a", [8], (uint)GgmlType.F32, 0)
            .Tensor("b", [2, 2], (uint)GgmlType.F16, 32)
            .Pad().Zeros(40).ToArray();

        var file = Read(bytes);

        Assert.Equal(2, file.Tensors.Count);
        Assert.Equal(bytes.Length - 40, file.DataOffset);
        Assert.Equal(8UL, file.Tensors[1].ByteSize);
    }

    private static GgufFile Read(byte[] bytes) => GgufFile.Read(new MemoryStream(bytes), Source);

    private static byte[] ValidFile()
    {
        using var stream = new MemoryStream();
        var writer = RandomLlamaModelWriter.CreateWriter(new RandomLlamaModelOptions
        {
            Architecture = "qwen2",
            Layers = 1,
            EmbeddingLength = 8,
            HeadCount = 2,
            HeadCountKv = 1,
            FeedForwardLength = 16,
            VocabularySize = SyntheticVocabulary.MinimumSize,
            FileType = GgmlType.F16,
        });
        writer.Write(stream);
        return stream.ToArray();
    }

    private static int IndexOf(byte[] haystack, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return haystack.AsSpan().IndexOf(needle);
    }
}
