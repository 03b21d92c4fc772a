using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

// The ProviderServices toolkit is marked experimental (MEVD9001); it is what every VectorData provider builds on,
// and the package version is pinned, so its use is deliberate and kept to internal types.
#pragma warning disable MEVD9001

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Reads a record type (attributes) or a <see cref="Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition"/> into the
/// abstraction's <see cref="CollectionModel"/>, accepting what an <see cref="IVectorIndex"/> can hold: one key (mapped to the
/// string id), one vector, and data properties that fit a payload.
/// </summary>
internal sealed class AgentRecModelBuilder : CollectionModelBuilder
{
    public const string SupportedKeyTypes = "string, Guid, int, long";

    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, float[], Embedding<float>";

    public const string SupportedDataTypes =
        "string, bool, int, long, short, byte, float, double (or their nullable forms), string[], List<string>, IReadOnlyList<string>, IEnumerable<string>";

    private static readonly HashSet<Type> ScalarDataTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(float), typeof(double),
    ];

    private static readonly HashSet<Type> ListDataTypes =
    [
        typeof(string[]), typeof(List<string>), typeof(IReadOnlyList<string>), typeof(IEnumerable<string>),
    ];

    public AgentRecModelBuilder()
        : base(new CollectionModelBuildingOptions { SupportsMultipleVectors = false, RequiresAtLeastOneVector = true })
    {
    }

    public static bool IsKeyTypeSupported(Type type)
        => type == typeof(string) || type == typeof(Guid) || type == typeof(int) || type == typeof(long);

    public static bool IsStringList(Type type) => ListDataTypes.Contains(type);

    public static bool IsInteger(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte);
    }

    public static bool IsFloatingPoint(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(float) || type == typeof(double);
    }

    /// <summary>Builds the model of a typed record (<c>[VectorStoreKey]</c>, <c>[VectorStoreData]</c>, <c>[VectorStoreVector]</c> or a definition).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Record types are mapped by reflection; AgentRec does not trim.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Record types are mapped by reflection; AgentRec does not publish AOT.")]
    public static CollectionModel BuildTyped(Type recordType, Type keyType, Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition? definition, IEmbeddingGenerator? embeddingGenerator)
        => new AgentRecModelBuilder().Build(recordType, keyType, definition, embeddingGenerator);

    /// <summary>Builds the model of a dynamic (<c>Dictionary&lt;string, object?&gt;</c>) collection from its definition.</summary>
    public static CollectionModel BuildDictionary(Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition definition, IEmbeddingGenerator? embeddingGenerator)
        => new AgentRecModelBuilder().BuildDynamic(definition, embeddingGenerator);

    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedDataTypes;
        return ScalarDataTypes.Contains(Nullable.GetUnderlyingType(type) ?? type) || ListDataTypes.Contains(type);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return type == typeof(ReadOnlyMemory<float>)
            || type == typeof(ReadOnlyMemory<float>?)
            || type == typeof(float[])
            || type == typeof(Embedding<float>);
    }

    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);
        if (!IsKeyTypeSupported(keyProperty.Type))
        {
            throw new NotSupportedException(
                $"Key property '{keyProperty.ModelName}' has type '{keyProperty.Type.Name}'; AgentRec vector collections support keys of type {SupportedKeyTypes}.");
        }
    }
}
