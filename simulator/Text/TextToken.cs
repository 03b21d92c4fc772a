namespace AgentRec.Simulator.Text;

/// <summary>A lower-cased run of letters and digits and its span <c>[Start, End)</c> in the original text.</summary>
internal readonly record struct TextToken(string Value, int Start, int End);
