namespace AgentRec.Llm.Runtime;

/// <summary>A failure reported by llama.cpp, translated from a NULL pointer or a negative code.</summary>
public class LlamaException : Exception
{
    public LlamaException(string message) : base(message) { }

    public LlamaException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The native return code when there was one.</summary>
    public int? NativeCode { get; init; }
}
