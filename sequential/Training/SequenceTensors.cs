using static TorchSharp.torch;

namespace AgentRec.Sequential.Training;

/// <summary>Builds the left-padded index tensors the encoder reads.</summary>
internal static class SequenceTensors
{
    /// <summary>
    /// The newest <paramref name="maxLength"/> items of each sequence, left-padded with 0 to the width
    /// of the longest one (at least 1): (B, W) int64.
    /// </summary>
    public static Tensor LeftPad(IReadOnlyList<IReadOnlyList<int>> sequences, int maxLength)
    {
        int width = 1;
        foreach (IReadOnlyList<int> sequence in sequences)
        {
            width = Math.Max(width, Math.Min(sequence.Count, maxLength));
        }

        var data = new long[sequences.Count * width];
        for (int row = 0; row < sequences.Count; row++)
        {
            IReadOnlyList<int> sequence = sequences[row];
            int take = Math.Min(sequence.Count, maxLength);
            int offset = row * width + width - take;
            for (int i = 0; i < take; i++)
            {
                data[offset + i] = sequence[sequence.Count - take + i];
            }
        }

        return tensor(data, [sequences.Count, width], ScalarType.Int64);
    }
}
