namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// What <see cref="ItemEmbeddingIndexer.IndexAsync"/> stored. Items whose text embedded to the zero vector (e.g. no
/// word the TF-IDF model knows) have no direction to search by and are left out, listed in <paramref name="SkippedItemIds"/>.
/// </summary>
public sealed record ItemIndexingResult(int Indexed, IReadOnlyList<string> SkippedItemIds);
