namespace AgentRec.Llm.Gguf;

/// <summary>
/// A SentencePiece-style ("llama") vocabulary that can write itself into a GGUF: what
/// <see cref="RandomLlamaModelWriter"/> needs, whether the vocabulary is generated
/// (<see cref="SyntheticVocabulary"/>) or learned from text.
/// </summary>
public interface ILlamaVocabulary
{
    int Count { get; }

    IReadOnlyList<string> Tokens { get; }

    IReadOnlyList<float> Scores { get; }

    IReadOnlyList<LlamaTokenType> TokenTypes { get; }

    /// <summary>The token that ends a generated turn.</summary>
    int EosTokenId { get; }

    /// <summary>Adds the tokenizer metadata (and chat template) llama.cpp reads.</summary>
    void WriteTo(GgufWriter writer);
}
