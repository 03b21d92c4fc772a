namespace AgentRec.Bench.Vectors;

/// <summary>Where a benchmark run is: <paramref name="Stage"/> (generate, build, exact, hnsw, sweep) and its completed fraction.</summary>
public sealed record VectorBenchmarkProgress(string Stage, double Fraction);
