using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class GgmlConversionTests
{
    [Fact]
    public void F16_bytes_decode_to_their_values()
    {
        // 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333251953125, 0x7BFF = 65504 (largest), 0x0001 = 2^-24 (smallest subnormal), 0xFC00 = -inf
        byte[] bytes = [0x00, 0x3C, 0x00, 0xC0, 0x55, 0x35, 0xFF, 0x7B, 0x01, 0x00, 0x00, 0xFC];

        var values = ReadBack(GgmlType.F16, [6], bytes);

        Assert.Equal(new[] { 1f, -2f, 0.333251953125f, 65504f, MathF.Pow(2, -24), float.NegativeInfinity }, values);
    }

    [Fact]
    public void BF16_bytes_decode_to_their_values()
    {
        // bf16 is the top half of a float32: 0x3F80 = 1, 0xC040 = -3, 0x4049 = 3.140625, 0x0000 = 0
        byte[] bytes = [0x80, 0x3F, 0x40, 0xC0, 0x49, 0x40, 0x00, 0x00];

        var values = ReadBack(GgmlType.BF16, [4], bytes);

        Assert.Equal(new[] { 1f, -3f, 3.140625f, 0f }, values);
    }

    [Fact]
    public void Q8_0_blocks_decode_as_scale_times_quant()
    {
        // Two blocks of 34 bytes: f16 scale then 32 signed bytes. Block 0: scale 0.5, quants j - 16.
        // Block 1: scale -0.25 (0xB400), quants 127, -128, 0, ...
        var bytes = new byte[68];
        bytes[0] = 0x00;
        bytes[1] = 0x38;
        for (var j = 0; j < 32; j++)
        {
            bytes[2 + j] = (byte)(sbyte)(j - 16);
        }
        bytes[34] = 0x00;
        bytes[35] = 0xB4;
        bytes[36] = 127;
        bytes[37] = 0x80;

        var values = ReadBack(GgmlType.Q8_0, [64], bytes);

        for (var j = 0; j < 32; j++)
        {
            Assert.Equal((j - 16) * 0.5f, values[j]);
        }
        Assert.Equal(-31.75f, values[32]);
        Assert.Equal(32f, values[33]);
        Assert.All(values[34..], v => Assert.Equal(0f, Math.Abs(v)));
    }

    [Fact]
    public void Q4_0_blocks_decode_low_nibbles_first()
    {
        // One block: f16 scale 2 (0x4000), 16 bytes whose low nibble is j and high nibble 15 - j.
        // Value j = (j - 8) × 2 for j < 16; value 16 + j = ((15 - j) - 8) × 2.
        var bytes = new byte[18];
        bytes[1] = 0x40;
        for (var j = 0; j < 16; j++)
        {
            bytes[2 + j] = (byte)(((15 - j) << 4) | j);
        }

        var values = ReadBack(GgmlType.Q4_0, [32], bytes);

        for (var j = 0; j < 16; j++)
        {
            Assert.Equal((j - 8) * 2f, values[j]);
            Assert.Equal((7 - j) * 2f, values[16 + j]);
        }
    }

    [Fact]
    public void Integer_and_f64_tensors_convert()
    {
        Assert.Equal(new[] { -1f, 2f }, ReadBack(GgmlType.I8, [2], [0xFF, 0x02]));
        Assert.Equal(new[] { -2f }, ReadBack(GgmlType.I16, [1], [0xFE, 0xFF]));
        Assert.Equal(new[] { 65536f }, ReadBack(GgmlType.I32, [1], [0x00, 0x00, 0x01, 0x00]));
        Assert.Equal(new[] { 1.5f }, ReadBack(GgmlType.F64, [1], BitConverter.GetBytes(1.5)));
    }

    [Fact]
    public void Types_without_conversion_say_so()
    {
        using var dir = new TempDirectory();
        var path = dir.File("q4k.gguf");
        new GgufWriter().AddTensorBytes("k", [256], GgmlType.Q4_K, new byte[144]).Write(path);
        var file = GgufFile.Read(path);

        var error = Assert.Throws<NotSupportedException>(() => file.ReadTensorFloat32(file.Tensors[0]));

        Assert.Contains("q4_K", error.Message);
        Assert.Equal(144, file.ReadTensorBytes(file.Tensors[0]).Length);
    }

    [Fact]
    public void Type_table_matches_ggml_block_layouts()
    {
        Assert.Equal((1, 4), (GgmlType.F32.GetBlockSize(), GgmlType.F32.GetTypeSize()));
        Assert.Equal((32, 34), (GgmlType.Q8_0.GetBlockSize(), GgmlType.Q8_0.GetTypeSize()));
        Assert.Equal((32, 18), (GgmlType.Q4_0.GetBlockSize(), GgmlType.Q4_0.GetTypeSize()));
        Assert.Equal((256, 144), (GgmlType.Q4_K.GetBlockSize(), GgmlType.Q4_K.GetTypeSize()));
        Assert.Equal((256, 210), (GgmlType.Q6_K.GetBlockSize(), GgmlType.Q6_K.GetTypeSize()));
        Assert.Equal("bf16", GgmlType.BF16.GetTypeName());
        Assert.Equal(68UL, GgmlType.Q8_0.GetByteSize(64));
        Assert.Throws<ArgumentException>(() => GgmlType.Q8_0.GetByteSize(33));
        Assert.False(GgmlTypeTraits.IsKnown((GgmlType)4));
        Assert.Contains("31", Assert.Throws<ArgumentOutOfRangeException>(() => ((GgmlType)31).GetTypeSize()).Message);
    }

    private static float[] ReadBack(GgmlType type, ulong[] dims, byte[] bytes)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.gguf");
        new GgufWriter().AddTensorBytes("t", dims, type, bytes).Write(path);
        var file = GgufFile.Read(path);
        return file.ReadTensorFloat32(file.Tensors[0]);
    }
}
