namespace AgentRec.Llm.Gguf;

/// <summary>
/// Produces a tensor's values on demand while <see cref="GgufWriter"/> streams it to disk, so large tensors
/// never exist whole in memory. Called with consecutive chunks in order: <paramref name="firstElement"/> is the
/// index of <c>destination[0]</c> within the tensor, starting at 0 and growing by the previous chunk's length.
/// </summary>
public delegate void TensorValueGenerator(Span<float> destination, long firstElement);
