namespace AgentRec.Llm.Runtime;

/// <summary>
/// Token sampling settings. Temperature 0 (or below) means greedy decoding. The chain applied is:
/// logit bias → grammar → UTF-8 validity → penalties → top-k → top-p → min-p → temperature → seeded draw.
/// </summary>
public sealed record SamplingOptions
{
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Keep only the k most likely tokens; 0 disables.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Nucleus sampling mass; 1 disables.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Drop tokens below this fraction of the best token's probability; 0 disables.</summary>
    public float MinP { get; init; } = 0.05f;

    /// <summary>Multiplicative repetition penalty; 1 disables.</summary>
    public float RepeatPenalty { get; init; } = 1.0f;

    /// <summary>Additive penalty per previous occurrence; 0 disables.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>Additive penalty for having occurred at all; 0 disables.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>How many recent tokens the penalties look at.</summary>
    public int PenaltyLastN { get; init; } = 64;

    /// <summary>Seed of the random draw; null = a random seed.</summary>
    public uint? Seed { get; init; }

    /// <summary>GBNF grammar the output must follow (root rule "root"), or null.</summary>
    public string? Grammar { get; init; }

    /// <summary>
    /// When set, the grammar is lazy: output is free until one of these regular expressions matches
    /// (from the start of the output), then the grammar constrains the rest from the match on.
    /// </summary>
    public IReadOnlyList<string>? GrammarTriggerPatterns { get; init; }

    /// <summary>Bias added to the logits of given tokens (e.g. -inf to ban one).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>Mask tokens that would make the output ill-formed UTF-8 (e.g. a stray byte-fallback token).</summary>
    public bool EnforceValidUtf8 { get; init; } = true;

    public static SamplingOptions Greedy { get; } = new() { Temperature = 0f };

    public bool IsGreedy => Temperature <= 0f;
}
