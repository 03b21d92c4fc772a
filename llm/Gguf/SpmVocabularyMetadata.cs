namespace AgentRec.Llm.Gguf;

/// <summary>The tokenizer keys every AgentRec SPM vocabulary writes, so generated and trained ones load alike.</summary>
internal static class SpmVocabularyMetadata
{
    public static void Write(GgufWriter writer, IReadOnlyList<string> tokens, IReadOnlyList<float> scores, IReadOnlyList<LlamaTokenType> types)
    {
        writer.AddString(GgufKeys.TokenizerModel, "llama");
        writer.Add(GgufKeys.Tokens, GgufValue.FromArray(tokens.ToArray()));
        writer.Add(GgufKeys.TokenScores, GgufValue.FromArray(scores.ToArray()));
        writer.Add(GgufKeys.TokenTypes, GgufValue.FromArray(types.Select(t => (int)t).ToArray()));
        writer.AddUInt32(GgufKeys.BosTokenId, SyntheticVocabulary.BosTokenId);
        writer.AddUInt32(GgufKeys.EosTokenId, SyntheticVocabulary.ImEndTokenId);
        writer.AddUInt32(GgufKeys.UnknownTokenId, SyntheticVocabulary.UnknownTokenId);
        writer.AddUInt32(GgufKeys.PaddingTokenId, SyntheticVocabulary.UnknownTokenId);
        writer.AddBool(GgufKeys.AddBosToken, true);
        writer.AddBool(GgufKeys.AddEosToken, false);
        writer.AddString(GgufKeys.ChatTemplate, SyntheticVocabulary.ChatMLTemplate);
    }
}
