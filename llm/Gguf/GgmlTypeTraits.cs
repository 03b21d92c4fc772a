namespace AgentRec.Llm.Gguf;

/// <summary>
/// Block layout of each <see cref="GgmlType"/>: how many elements one block holds and how many
/// bytes it takes (ggml's <c>blck_size</c> and <c>type_size</c>). A row of a quantised tensor is a whole
/// number of blocks, so its length must be a multiple of the block size.
/// </summary>
public static class GgmlTypeTraits
{
    private readonly record struct Traits(string Name, int BlockSize, int TypeSize);

    // Sizes follow the block structs of ggml-common.h (QK_K = 256, ggml_half = 2 bytes).
    private static readonly Dictionary<GgmlType, Traits> Table = new()
    {
        [GgmlType.F32] = new("f32", 1, 4),
        [GgmlType.F16] = new("f16", 1, 2),
        [GgmlType.Q4_0] = new("q4_0", 32, 18),
        [GgmlType.Q4_1] = new("q4_1", 32, 20),
        [GgmlType.Q5_0] = new("q5_0", 32, 22),
        [GgmlType.Q5_1] = new("q5_1", 32, 24),
        [GgmlType.Q8_0] = new("q8_0", 32, 34),
        [GgmlType.Q8_1] = new("q8_1", 32, 36),
        [GgmlType.Q2_K] = new("q2_K", 256, 84),
        [GgmlType.Q3_K] = new("q3_K", 256, 110),
        [GgmlType.Q4_K] = new("q4_K", 256, 144),
        [GgmlType.Q5_K] = new("q5_K", 256, 176),
        [GgmlType.Q6_K] = new("q6_K", 256, 210),
        [GgmlType.Q8_K] = new("q8_K", 256, 292),
        [GgmlType.IQ2_XXS] = new("iq2_xxs", 256, 66),
        [GgmlType.IQ2_XS] = new("iq2_xs", 256, 74),
        [GgmlType.IQ3_XXS] = new("iq3_xxs", 256, 98),
        [GgmlType.IQ1_S] = new("iq1_s", 256, 50),
        [GgmlType.IQ4_NL] = new("iq4_nl", 32, 18),
        [GgmlType.IQ3_S] = new("iq3_s", 256, 110),
        [GgmlType.IQ2_S] = new("iq2_s", 256, 82),
        [GgmlType.IQ4_XS] = new("iq4_xs", 256, 136),
        [GgmlType.I8] = new("i8", 1, 1),
        [GgmlType.I16] = new("i16", 1, 2),
        [GgmlType.I32] = new("i32", 1, 4),
        [GgmlType.I64] = new("i64", 1, 8),
        [GgmlType.F64] = new("f64", 1, 8),
        [GgmlType.IQ1_M] = new("iq1_m", 256, 56),
        [GgmlType.BF16] = new("bf16", 1, 2),
        [GgmlType.TQ1_0] = new("tq1_0", 256, 54),
        [GgmlType.TQ2_0] = new("tq2_0", 256, 66),
        [GgmlType.MXFP4] = new("mxfp4", 32, 17),
        [GgmlType.NVFP4] = new("nvfp4", 64, 36),
        [GgmlType.Q1_0] = new("q1_0", 128, 18),
        [GgmlType.Q2_0] = new("q2_0", 64, 18),
    };

    /// <summary>True when <paramref name="type"/> is a ggml type this code knows the layout of.</summary>
    public static bool IsKnown(GgmlType type) => Table.ContainsKey(type);

    /// <summary>Elements per block (1 for plain types such as F32).</summary>
    public static int GetBlockSize(this GgmlType type) => Lookup(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    public static int GetTypeSize(this GgmlType type) => Lookup(type).TypeSize;

    /// <summary>ggml's short name of the type ("f32", "q8_0", "q4_K").</summary>
    public static string GetTypeName(this GgmlType type) => Lookup(type).Name;

    /// <summary>True for the types <see cref="GgufFile.ReadTensorFloat32(GgufTensorInfo)"/> can convert to float.</summary>
    public static bool CanDequantize(this GgmlType type) => type is
        GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0 or GgmlType.Q4_0 or
        GgmlType.F64 or GgmlType.I8 or GgmlType.I16 or GgmlType.I32;

    /// <summary>
    /// Bytes taken by <paramref name="elementCount"/> elements of this type. Throws when the count is not a
    /// whole number of blocks or the size does not fit in 64 bits.
    /// </summary>
    public static ulong GetByteSize(this GgmlType type, ulong elementCount)
    {
        var traits = Lookup(type);
        if (elementCount % (ulong)traits.BlockSize != 0)
        {
            throw new ArgumentException(
                $"{elementCount} elements is not a whole number of {traits.Name} blocks of {traits.BlockSize}.",
                nameof(elementCount));
        }
        return checked(elementCount / (ulong)traits.BlockSize * (ulong)traits.TypeSize);
    }

    private static Traits Lookup(GgmlType type) =>
        Table.TryGetValue(type, out var traits)
            ? traits
            : throw new ArgumentOutOfRangeException(nameof(type), (uint)type,
                $"ggml type id {(uint)type} is not a known ggml_type (retired or newer than this reader).");
}
