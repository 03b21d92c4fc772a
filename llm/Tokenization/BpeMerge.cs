namespace AgentRec.Llm.Tokenization;

/// <summary>One learned BPE merge: two adjacent pieces that become <see cref="Result"/>.</summary>
public readonly record struct BpeMerge(string Left, string Right)
{
    public string Result => Left + Right;
}
