using static TorchSharp.torch;

namespace AgentRec.Sequential.Training;

/// <summary>
/// One step's users: their model inputs (train sequence minus its newest item) and next-item targets,
/// left-padded and aligned column by column. Tensors live in the step's dispose scope.
/// </summary>
internal sealed class TrainingBatch
{
    public TrainingBatch(int[] users, IReadOnlyList<int[]> trainSequences, int maxLength, Random random)
    {
        Users = users;
        TrainSequences = trainSequences;
        Random = random;
        MaxLength = maxLength;
        var inputs = new int[users.Length][];
        var targets = new int[users.Length][];
        for (int b = 0; b < users.Length; b++)
        {
            int[] sequence = trainSequences[users[b]];
            // The model never reads more than maxLength items, so views and targets use only those.
            int start = Math.Max(0, sequence.Length - 1 - maxLength);
            inputs[b] = sequence[start..^1];
            targets[b] = sequence[(start + 1)..];
        }

        InputSequences = inputs;
        Inputs = SequenceTensors.LeftPad(inputs, maxLength);
        Targets = SequenceTensors.LeftPad(targets, maxLength);
    }

    /// <summary>Train user indices of the rows.</summary>
    public int[] Users { get; }

    /// <summary>Every train user's train sequence (for models that look at other users, SRA-CL).</summary>
    public IReadOnlyList<int[]> TrainSequences { get; }

    /// <summary>The step's random source for augmentations (derived from seed, epoch and step).</summary>
    public Random Random { get; }

    public int MaxLength { get; }

    /// <summary>Each row's input items, oldest first: the newest <c>MaxLength</c> before the target, unpadded.</summary>
    public IReadOnlyList<int[]> InputSequences { get; }

    /// <summary>(B, W) input item indices, left-padded with 0.</summary>
    public Tensor Inputs { get; }

    /// <summary>(B, W) next-item targets aligned with <see cref="Inputs"/>; 0 where there is none.</summary>
    public Tensor Targets { get; }
}
