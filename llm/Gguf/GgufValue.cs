using System.Collections;
using System.Globalization;

namespace AgentRec.Llm.Gguf;

/// <summary>
/// One immutable GGUF metadata value: a scalar of one of the <see cref="GgufValueType"/>s, or an array whose
/// elements all share one scalar type (arrays of arrays are not used by llama.cpp and are not supported).
/// </summary>
public sealed class GgufValue : IEquatable<GgufValue>
{
    // A boxed scalar of the CLR type matching Type, or a private array of the CLR type matching ElementType.
    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
    }

    /// <summary>The value's type; <see cref="GgufValueType.Array"/> for arrays.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays, the type of every element; null for scalars.</summary>
    public GgufValueType? ElementType { get; }

    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>Number of elements for an array, 1 for a scalar.</summary>
    public int Count => _value is Array array ? array.Length : 1;

    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, null, value);
    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, null, value);
    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, null, value);
    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, null, value);
    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, null, value);
    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, null, value);
    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, null, value);
    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, null, value);
    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, null, value);
    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, null, value);
    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, null, value);

    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, null, value);
    }

    public static GgufValue FromArray(ReadOnlySpan<byte> values) => FromElements(GgufValueType.UInt8, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<sbyte> values) => FromElements(GgufValueType.Int8, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<ushort> values) => FromElements(GgufValueType.UInt16, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<short> values) => FromElements(GgufValueType.Int16, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<uint> values) => FromElements(GgufValueType.UInt32, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<int> values) => FromElements(GgufValueType.Int32, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<float> values) => FromElements(GgufValueType.Float32, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<bool> values) => FromElements(GgufValueType.Bool, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<ulong> values) => FromElements(GgufValueType.UInt64, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<long> values) => FromElements(GgufValueType.Int64, values.ToArray());
    public static GgufValue FromArray(ReadOnlySpan<double> values) => FromElements(GgufValueType.Float64, values.ToArray());

    public static GgufValue FromArray(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
            {
                throw new ArgumentException($"String array element {i} is null.", nameof(values));
            }
        }
        return FromElements(GgufValueType.String, copy);
    }

    // Takes ownership of an array nobody else holds (the reader's freshly decoded arrays).
    internal static GgufValue FromElements(GgufValueType elementType, Array values) => new(GgufValueType.Array, elementType, values);

    internal static GgufValue Scalar(GgufValueType type, object value) => new(type, null, value);

    public string AsString() =>
        _value as string ?? throw Mismatch("a string");

    public bool AsBool() =>
        _value is bool b ? b : throw Mismatch("a bool");

    /// <summary>A float32 value (a float64 is narrowed).</summary>
    public float AsSingle() => _value switch
    {
        float f => f,
        double d => (float)d,
        _ => throw Mismatch("a floating-point number"),
    };

    /// <summary>A float32 or float64 value.</summary>
    public double AsDouble() => _value switch
    {
        float f => f,
        double d => d,
        _ => throw Mismatch("a floating-point number"),
    };

    /// <summary>Any integer type whose value fits in 32 unsigned bits.</summary>
    public uint AsUInt32() => TryGetInteger(out var v) && v >= uint.MinValue && v <= uint.MaxValue ? (uint)v : throw Mismatch("an integer in the uint32 range");

    /// <summary>Any integer type whose value fits in 32 signed bits.</summary>
    public int AsInt32() => TryGetInteger(out var v) && v >= int.MinValue && v <= int.MaxValue ? (int)v : throw Mismatch("an integer in the int32 range");

    /// <summary>Any integer type whose value fits in 64 unsigned bits.</summary>
    public ulong AsUInt64() => TryGetInteger(out var v) && v >= ulong.MinValue && v <= ulong.MaxValue ? (ulong)v : throw Mismatch("an integer in the uint64 range");

    /// <summary>Any integer type whose value fits in 64 signed bits.</summary>
    public long AsInt64() => TryGetInteger(out var v) && v >= long.MinValue && v <= long.MaxValue ? (long)v : throw Mismatch("an integer in the int64 range");

    /// <summary>The elements of an array of strings.</summary>
    public IReadOnlyList<string> AsStringArray() => AsArray<string>();

    /// <summary>
    /// The elements of an array whose element type maps to <typeparamref name="T"/> (byte for u8, sbyte for i8,
    /// ushort, short, uint, int, float, bool, string, ulong, long, double).
    /// </summary>
    public IReadOnlyList<T> AsArray<T>() =>
        _value is T[] array ? System.Array.AsReadOnly(array) : throw Mismatch($"an array of {typeof(T).Name}");

    /// <summary>The elements of a numeric or bool array without copying.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged =>
        _value is T[] array ? array : throw Mismatch($"an array of {typeof(T).Name}");

    internal bool TryGetInteger(out Int128 value)
    {
        switch (_value)
        {
            case byte x: value = x; return true;
            case sbyte x: value = x; return true;
            case ushort x: value = x; return true;
            case short x: value = x; return true;
            case uint x: value = x; return true;
            case int x: value = x; return true;
            case ulong x: value = x; return true;
            case long x: value = x; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>Short description of the type, e.g. <c>u32</c> or <c>array[str; 32000]</c>.</summary>
    public string TypeDescription => IsArray ? $"array[{TypeName(ElementType!.Value)}; {Count}]" : TypeName(Type);

    internal static string TypeName(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => "u8",
        GgufValueType.Int8 => "i8",
        GgufValueType.UInt16 => "u16",
        GgufValueType.Int16 => "i16",
        GgufValueType.UInt32 => "u32",
        GgufValueType.Int32 => "i32",
        GgufValueType.Float32 => "f32",
        GgufValueType.Bool => "bool",
        GgufValueType.String => "str",
        GgufValueType.Array => "array",
        GgufValueType.UInt64 => "u64",
        GgufValueType.Int64 => "i64",
        GgufValueType.Float64 => "f64",
        _ => $"type {(uint)type}",
    };

    // The raw object for the writer: boxed scalar or the element array.
    internal object RawValue => _value;

    public bool Equals(GgufValue? other) =>
        other is not null &&
        Type == other.Type &&
        ElementType == other.ElementType &&
        (_value is Array ? StructuralComparisons.StructuralEqualityComparer.Equals(_value, other._value) : _value.Equals(other._value));

    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    public override int GetHashCode() =>
        _value is Array array ? HashCode.Combine(Type, ElementType, array.Length) : HashCode.Combine(Type, _value);

    public override string ToString() => _value switch
    {
        string s => s,
        Array => TypeDescription,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _value.ToString() ?? string.Empty,
    };

    private InvalidOperationException Mismatch(string expected) =>
        new($"GGUF value of type {TypeDescription} is not {expected}.");
}
