namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Thrown inside a <see cref="SkippableFactAttribute"/> test to report it as skipped (e.g. no Qdrant server configured).</summary>
public sealed class SkipTestException(string reason) : Exception(reason);
