namespace AgentRec.Agents.Llm;

/// <summary>How the agent makes a model's output a valid action.</summary>
public enum ActionConstraint
{
    /// <summary>GBNF grammar for llama.cpp clients (local, or any client whose provider is "llama.cpp"), JSON Schema otherwise.</summary>
    Auto,

    /// <summary>GBNF grammar passed as <c>AdditionalProperties["grammar"]</c> (AgentRec's llama.cpp client, llama-server).</summary>
    Grammar,

    /// <summary>JSON Schema response format (OpenAI-compatible servers such as vLLM).</summary>
    JsonSchema,
}
