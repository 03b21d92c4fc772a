using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Options of an <see cref="AgentRecVectorStoreCollection{TKey, TRecord}"/> made directly over an index: the record
/// definition (when the record type carries no attributes, or for dynamic records) and the default embedding generator.
/// </summary>
public sealed class AgentRecCollectionOptions : VectorStoreCollectionOptions
{
}
