namespace AgentRec.Retrieval.Embeddings;

/// <summary>How far <see cref="ItemEmbeddingIndexer.IndexAsync"/> has got: items embedded and stored so far, of all.</summary>
public sealed record ItemIndexingProgress(int Done, int Total);
