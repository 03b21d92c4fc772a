namespace AgentRec.Bench.Vectors;

/// <summary>Recall@10 and queries per second for one HNSW beam width.</summary>
public sealed record VectorBenchmarkSweepPoint(int EfSearch, double RecallAt10, double Qps);
