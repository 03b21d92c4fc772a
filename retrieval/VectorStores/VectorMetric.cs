namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// How vectors are compared. Every backend reports scores where <b>higher is better</b>:
/// <list type="bullet">
/// <item><see cref="Cosine"/>: cosine similarity in [-1, 1] (vectors are stored unit-normalised).</item>
/// <item><see cref="DotProduct"/>: the raw inner product.</item>
/// <item><see cref="Euclidean"/>: the negative L2 distance (0 for an identical vector, more negative further away).</item>
/// </list>
/// </summary>
public enum VectorMetric
{
    Cosine,
    DotProduct,
    Euclidean,
}
