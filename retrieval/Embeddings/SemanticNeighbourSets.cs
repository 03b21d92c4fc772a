namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// SRA-CL's semantic neighbours. <paramref name="Users"/>[u] lists the positions (0-based, in the order the user texts
/// or sequences were given) of user u's most similar users, best first. <paramref name="Items"/>[i] lists the 1-based
/// catalog indices of item i's most similar items, best first; <c>Items[0]</c> (padding) is empty. Nobody is their
/// own neighbour; a user or item whose text embedded to the zero vector has no neighbours and is nobody's neighbour.
/// </summary>
public sealed record SemanticNeighbourSets(int[][] Users, int[][] Items);
