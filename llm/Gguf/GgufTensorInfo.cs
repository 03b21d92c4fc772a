using System.Collections.Immutable;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// One entry of a GGUF tensor table. <see cref="Dimensions"/> are in ggml order: <c>Dimensions[0]</c> is the
/// length of a row (the fastest-varying index), so a <c>{n_embd, n_vocab}</c> embedding has one row per token.
/// <see cref="Offset"/> is relative to the start of the tensor data section (<see cref="GgufFile.DataOffset"/>).
/// </summary>
public sealed record GgufTensorInfo
{
    /// <summary>Largest number of dimensions ggml supports (GGML_MAX_DIMS).</summary>
    public const int MaxDimensions = 4;

    public GgufTensorInfo(string name, ImmutableArray<ulong> dimensions, GgmlType type, ulong offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (dimensions.IsDefault || dimensions.Length > MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' must have 0 to {MaxDimensions} dimensions.", nameof(dimensions));
        }
        var count = 1UL;
        foreach (var d in dimensions)
        {
            if (d > long.MaxValue)
            {
                throw new ArgumentException($"Tensor '{name}' has dimension {d}, beyond ggml's int64 range.", nameof(dimensions));
            }
            count = checked(count * d);
        }
        if (count > long.MaxValue)
        {
            throw new ArgumentException($"Tensor '{name}' has {count} elements, beyond ggml's int64 range.", nameof(dimensions));
        }
        var rowLength = dimensions.Length > 0 ? dimensions[0] : 1UL;
        if (rowLength % (ulong)type.GetBlockSize() != 0)
        {
            throw new ArgumentException(
                $"Tensor '{name}' rows hold {rowLength} elements, not a multiple of the {type.GetTypeName()} block size {type.GetBlockSize()}.",
                nameof(dimensions));
        }

        Name = name;
        Dimensions = dimensions;
        Type = type;
        Offset = offset;
        ElementCount = count;
        ByteSize = type.GetByteSize(count);
    }

    public string Name { get; }

    public ImmutableArray<ulong> Dimensions { get; }

    public GgmlType Type { get; }

    /// <summary>Start of the tensor's bytes, relative to the data section.</summary>
    public ulong Offset { get; }

    /// <summary>Bytes the tensor's data takes (without alignment padding).</summary>
    public ulong ByteSize { get; }

    /// <summary>Product of the dimensions.</summary>
    public ulong ElementCount { get; }

    public bool Equals(GgufTensorInfo? other) =>
        other is not null &&
        Name == other.Name &&
        Type == other.Type &&
        Offset == other.Offset &&
        Dimensions.SequenceEqual(other.Dimensions);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Offset, Dimensions.Length);

    public override string ToString() =>
        $"{Name} [{string.Join(", ", Dimensions)}] {Type.GetTypeName()} @ {Offset} ({ByteSize} bytes)";
}
