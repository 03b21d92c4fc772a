namespace AgentRec.Retrieval.VectorStores;

internal static class Parallelism
{
    /// <summary>Parallel options for a configured degree (0 = one per processor).</summary>
    public static ParallelOptions Of(int degree, CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = degree > 0 ? degree : Environment.ProcessorCount,
        CancellationToken = cancellationToken,
    };
}
