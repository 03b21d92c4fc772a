using AgentRec.Llm.Grammar;
using AgentRec.Llm.Runtime;

namespace AgentRec.Llm.ChatCompletion;

/// <summary>Defaults of <see cref="LlamaChatClient"/> for options a request leaves null.</summary>
public sealed record LlamaChatClientOptions
{
    /// <summary>Output token limit when the request sets none.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 512;

    /// <summary>Sampling used for anything the request does not set.</summary>
    public SamplingOptions DefaultSampling { get; init; } = new();

    /// <summary>Model id reported in responses and metadata; null = the GGUF's general.name or file name.</summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// How JSON Schemas and tool signatures become grammars (whitespace, number digits, and a length cap for strings
    /// without maxLength — per request also via AdditionalProperties["max_string_length"]).
    /// </summary>
    public JsonGrammarOptions JsonGrammar { get; init; } = JsonGrammarOptions.Default;

    /// <summary>Overrides the model's chat template (a Jinja string llama.cpp recognises, or a built-in name such as "chatml").</summary>
    public string? ChatTemplate { get; init; }
}
