using AgentRec.Finetune.Data;
using AgentRec.Finetune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Finetune.Training;

/// <summary>
/// Token sequences padded to one width (right-padded, or left-padded so that their ends line up), with the labels
/// shifted so that logits[b, t] predict labels[b, t] (= token t + 1 where that token is a target).
/// </summary>
internal sealed class SequenceBatch : IDisposable
{
    private SequenceBatch(Tensor tokens, Tensor? mask, Tensor labels, long realTokens)
    {
        Tokens = tokens;
        Mask = mask;
        Labels = labels;
        RealTokens = realTokens;
    }

    public Tensor Tokens { get; }

    /// <summary>1 at real tokens, 0 at padding; null when nothing is padded.</summary>
    public Tensor? Mask { get; }

    public Tensor Labels { get; }

    public long RealTokens { get; }

    public static SequenceBatch Create(IReadOnlyList<TokenizedSequence> sequences, bool padLeft, int width = 0)
    {
        width = Math.Max(width, sequences.Max(s => s.Length));
        int rows = sequences.Count;
        var tokens = new long[rows * width];
        var mask = new long[rows * width];
        var labels = new long[rows * width];
        Array.Fill(labels, FinetuneLosses.Ignore);
        bool padded = false;
        for (int b = 0; b < rows; b++)
        {
            var sequence = sequences[b];
            int offset = padLeft ? width - sequence.Length : 0;
            padded |= sequence.Length != width;
            for (int t = 0; t < sequence.Length; t++)
            {
                int at = (b * width) + offset + t;
                tokens[at] = sequence.Tokens[t];
                mask[at] = 1;
                if (t + 1 < sequence.Length && sequence.Targets[t + 1])
                {
                    labels[at] = sequence.Tokens[t + 1];
                }
            }
        }

        return new SequenceBatch(
            torch.tensor(tokens, [rows, width]),
            padded ? torch.tensor(mask, [rows, width]) : null,
            torch.tensor(labels, [rows, width]),
            sequences.Sum(s => (long)s.Length));
    }

    public Tensor Logits(LlamaTorchModel model) => Mask is null ? model.Forward(Tokens) : model.Forward(Tokens, Mask);

    public void Dispose()
    {
        Tokens.Dispose();
        Mask?.Dispose();
        Labels.Dispose();
    }
}
