namespace AgentRec.Bench.Vectors;

/// <summary>A peer library's figures on the same data: single-threaded build time and recall/QPS per ef_search (1 query thread).</summary>
public sealed record VectorPeerResult(string Name, double BuildSeconds, IReadOnlyList<VectorBenchmarkSweepPoint> Points);
