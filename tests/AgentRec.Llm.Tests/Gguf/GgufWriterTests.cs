using System.Security.Cryptography;
using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class GgufWriterTests
{
    [Fact]
    public void Round_trips_every_value_type_in_order()
    {
        var values = new (string Key, GgufValue Value)[]
        {
            ("t.u8", GgufValue.FromUInt8(250)),
            ("t.i8", GgufValue.FromInt8(-120)),
            ("t.u16", GgufValue.FromUInt16(65000)),
            ("t.i16", GgufValue.FromInt16(-32000)),
            ("t.u32", GgufValue.FromUInt32(4_000_000_000)),
            ("t.i32", GgufValue.FromInt32(-2_000_000_000)),
            ("t.f32", GgufValue.FromFloat32(3.25f)),
            ("t.bool.true", GgufValue.FromBool(true)),
            ("t.bool.false", GgufValue.FromBool(false)),
            ("t.str", GgufValue.FromString("héllo ▁wörld 😀")),
            ("t.str.empty", GgufValue.FromString("")),
            ("t.u64", GgufValue.FromUInt64(ulong.MaxValue - 1)),
            ("t.i64", GgufValue.FromInt64(long.MinValue + 1)),
            ("t.f64", GgufValue.FromFloat64(-1.0e-300)),
            ("a.u8", GgufValue.FromArray(new byte[] { 0, 1, 255 })),
            ("a.i8", GgufValue.FromArray(new sbyte[] { -128, 0, 127 })),
            ("a.u16", GgufValue.FromArray(new ushort[] { 1, 65535 })),
            ("a.i16", GgufValue.FromArray(new short[] { -32768, 32767 })),
            ("a.u32", GgufValue.FromArray(new uint[] { 7, uint.MaxValue })),
            ("a.i32", GgufValue.FromArray(new[] { int.MinValue, -1, int.MaxValue })),
            ("a.f32", GgufValue.FromArray(new[] { 0.5f, float.NegativeInfinity, float.NaN })),
            ("a.bool", GgufValue.FromArray(new[] { true, false, true })),
            ("a.str", GgufValue.FromArray(new[] { "a", "", "ünï", "<0x0A>" })),
            ("a.u64", GgufValue.FromArray(new[] { 0UL, ulong.MaxValue })),
            ("a.i64", GgufValue.FromArray(new[] { long.MinValue, long.MaxValue })),
            ("a.f64", GgufValue.FromArray(new[] { Math.PI, double.Epsilon })),
            ("a.empty", GgufValue.FromArray(Array.Empty<uint>())),
        };
        var writer = new GgufWriter();
        foreach (var (key, value) in values)
        {
            writer.Add(key, value);
        }
        using var dir = new TempDirectory();
        var path = dir.File("values.gguf");
        writer.Write(path);

        var file = GgufFile.Read(path);

        Assert.Equal(values.Select(v => v.Key), file.Metadata.Keys);
        foreach (var (key, value) in values)
        {
            Assert.Equal(value, file.Metadata[key]);
        }
        Assert.Equal(250u, file.GetUInt32("t.u8"));
        Assert.Equal(-120L, file.GetInt64("t.i8"));
        Assert.Equal(3.25f, file.GetSingle("t.f32"));
        Assert.Equal("héllo ▁wörld 😀", file.GetString("t.str"));
        Assert.True(file.GetBool("t.bool.true"));
        Assert.Equal(new[] { "a", "", "ünï", "<0x0A>" }, file.GetStringArray("a.str"));
        Assert.Equal(GgufValueType.Int8, file.Metadata["a.i8"].ElementType);
        Assert.True(float.IsNaN(file.Metadata["a.f32"].AsSpan<float>()[2]));
        Assert.Empty(file.Tensors);
        Assert.Equal(new FileInfo(path).Length, writer.ComputeFileLength());
        Assert.Throws<GgufFormatException>(() => file.GetUInt32("t.i8"));
    }

    [Fact]
    public void Round_trips_tensors_of_each_source_kind()
    {
        var f32 = Enumerable.Range(0, 96).Select(i => i * 0.25f - 7f).ToArray();
        var f16Source = new[] { 1f, -2f, 0.1f, 65504f, 1e-8f, 3.14159f };
        var bf16Source = new[] { 1f, -3f, 3.14159f, 1.00390625f, 1.01171875f, -0.5f };
        var raw = new byte[] { 0x00, 0x3C, 0x00, 0xC0 }; // F16 1.0, -2.0
        using var dir = new TempDirectory();
        var path = dir.File("tensors.gguf");
        var writer = new GgufWriter()
            .AddString("general.architecture", "test")
            .AddTensor("f32", [32, 3], GgmlType.F32, f32)
            .AddTensor("f16", [6], GgmlType.F16, f16Source)
            .AddTensor("bf16", [2, 3], GgmlType.BF16, bf16Source)
            .AddTensorBytes("raw", [2], GgmlType.F16, raw)
            .AddTensor("generated", [5, 7], GgmlType.F32, (span, first) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = first + i;
                }
            });
        writer.Write(path);

        var file = GgufFile.Read(path);

        Assert.Equal(new[] { "f32", "f16", "bf16", "raw", "generated" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(writer.Tensors, file.Tensors);
        Assert.All(file.Tensors, t => Assert.Equal(0UL, t.Offset % 32));
        Assert.Equal(0, file.DataOffset % 32);
        Assert.Equal(f32, file.ReadTensorFloat32(file.FindTensor("f32")!));
        Assert.Equal(f16Source.Select(v => (float)(Half)v), file.ReadTensorFloat32(file.FindTensor("f16")!));
        // BF16 keeps the top 16 bits, rounding to nearest even: 1.00390625 is a tie that stays at 1.0,
        // 1.01171875 a tie that rounds up to 1.015625.
        Assert.Equal(new[] { 1f, -3f, 3.140625f, 1f, 1.015625f, -0.5f }, file.ReadTensorFloat32(file.FindTensor("bf16")!));
        Assert.Equal(new[] { 1f, -2f }, file.ReadTensorFloat32(file.FindTensor("raw")!));
        Assert.Equal(raw, file.ReadTensorBytes(file.FindTensor("raw")!));
        Assert.Equal(Enumerable.Range(0, 35).Select(i => (float)i), file.ReadTensorFloat32(file.FindTensor("generated")!));
        Assert.Equal(new FileInfo(path).Length, writer.ComputeFileLength());
    }

    [Fact]
    public void Custom_alignment_pads_the_data_section_and_every_tensor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("aligned.gguf");
        new GgufWriter()
            .AddUInt32("general.alignment", 256)
            .AddTensor("a", [3], GgmlType.F32, new float[] { 1, 2, 3 })
            .AddTensor("b", [5], GgmlType.F32, new float[] { 4, 5, 6, 7, 8 })
            .Write(path);

        var file = GgufFile.Read(path);

        Assert.Equal(256u, file.Alignment);
        Assert.Equal(0, file.DataOffset % 256);
        Assert.Equal(new ulong[] { 0, 256 }, file.Tensors.Select(t => t.Offset));
        Assert.Equal(new float[] { 4, 5, 6, 7, 8 }, file.ReadTensorFloat32(file.Tensors[1]));
        Assert.Equal(file.DataOffset + 512, file.FileLength);
    }

    [Fact]
    public void Large_tensors_stream_through_in_chunks()
    {
        const int count = 300_000; // several writer chunks and more than one reader chunk
        using var dir = new TempDirectory();
        var path = dir.File("large.gguf");
        var reports = new List<double>();
        new GgufWriter()
            .AddTensor("big", [1000, 300], GgmlType.F16, (span, first) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = ((first + i) % 2048) - 1024;
                }
            })
            .Write(path, new SynchronousProgress(reports));

        var file = GgufFile.Read(path);
        var values = file.ReadTensorFloat32(file.Tensors[0]);

        Assert.Equal(count, values.Length);
        Assert.Equal(-1024f, values[0]);
        Assert.Equal(1023f, values[2047]);
        Assert.Equal((299_999 % 2048) - 1024f, values[^1]);
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.Count >= 5, $"{reports.Count} progress reports"); // one per 64K-element chunk at least
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temporary_files()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.gguf");
        File.WriteAllText(path, "old content");

        new GgufWriter().AddString("general.name", "new").Write(path);

        Assert.Equal("new", GgufFile.Read(path).Name);
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Failed_write_keeps_the_old_file_and_removes_the_temporary_one()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.gguf");
        File.WriteAllText(path, "old content");
        var writer = new GgufWriter().AddTensor("boom", [4], GgmlType.F32, (_, _) => throw new InvalidDataException("generator failed"));

        Assert.Throws<InvalidDataException>(() => writer.Write(path));

        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Same_content_gives_identical_bytes()
    {
        static byte[] Build()
        {
            using var stream = new MemoryStream();
            new GgufWriter()
                .AddString("general.architecture", "llama")
                .AddTensor("x", [4], GgmlType.F16, new[] { 1f, 2f, 3f, 4f })
                .Write(stream);
            return stream.ToArray();
        }

        Assert.Equal(SHA256.HashData(Build()), SHA256.HashData(Build()));
    }

    [Fact]
    public void Invalid_additions_are_rejected_with_the_name()
    {
        var writer = new GgufWriter().AddUInt32("k", 1).AddTensor("t", [4], GgmlType.F32, new float[4]);

        Assert.Contains("'k'", Assert.Throws<ArgumentException>(() => writer.AddUInt32("k", 2)).Message);
        Assert.Throws<ArgumentException>(() => writer.AddUInt32("", 2));
        Assert.Contains("'t'", Assert.Throws<ArgumentException>(() => writer.AddTensor("t", [4], GgmlType.F32, new float[4])).Message);
        Assert.Throws<ArgumentException>(() => writer.AddTensor("short", [4], GgmlType.F32, new float[3]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("five.dims", [1, 1, 1, 1, 1], GgmlType.F32, new float[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("zero", [0], GgmlType.F32, Array.Empty<float>()));
        Assert.Throws<ArgumentException>(() => writer.AddTensor(new string('n', 64), [1], GgmlType.F32, new float[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("q8", [32], GgmlType.Q8_0, new float[32]));
        Assert.Throws<ArgumentException>(() => writer.AddTensorBytes("q8.rows", [16], GgmlType.Q8_0, new byte[17]));
        Assert.Throws<ArgumentException>(() => writer.AddTensorBytes("q8.size", [32], GgmlType.Q8_0, new byte[33]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddTensorBytes("retired", [4], (GgmlType)31, new byte[4]));
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddUInt32("general.alignment", 48));
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddUInt64("general.alignment", 64));
        Assert.Throws<InvalidOperationException>(() => writer.AddUInt32("general.alignment", 64));
        writer.AddTensorBytes("q8.ok", [32], GgmlType.Q8_0, new byte[34]);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, now.</summary>
    private sealed class SynchronousProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
