using AgentRec.Sequential.Native;
using AgentRec.Sequential.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>
/// A next-item recommender over a SASRec backbone. Models differ only in their training loss; scoring
/// is the same for all: the hidden state of the newest item dotted with every item embedding.
/// </summary>
public abstract class SequentialModel : nn.Module
{
    private protected SequentialModel(string name, int itemCount, SasRecOptions backbone)
        : base(Initialised(name))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        ArgumentNullException.ThrowIfNull(backbone);
        backbone.Validate();
        ItemCount = itemCount;
        Backbone = backbone;
        Encoder = new SasRecEncoder(itemCount, backbone);
        register_module("encoder", Encoder);
    }

    /// <summary>Upper bound on one chunk of training logits (16 MB), see <see cref="ChunkedCrossEntropy"/>.</summary>
    private const long LogitChunkBytes = 16L << 20;

    public abstract SequentialModelKind Kind { get; }

    /// <summary>Items in the catalogue (indices 1..N).</summary>
    public int ItemCount { get; }

    public SasRecOptions Backbone { get; }

    internal SasRecEncoder Encoder { get; }

    /// <summary>Loads libtorch with a clear error before anything touches TorchSharp (the base constructor is the first to).</summary>
    private static string Initialised(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }

    /// <summary>The training loss of one batch; <paramref name="parts"/> receives its named components.</summary>
    internal abstract Tensor Loss(TrainingBatch batch, LossPositions positions, IDictionary<string, double> parts);

    /// <summary>Scores of items 1..N after each left-padded history (B, W): (B, N).</summary>
    internal Tensor Score(Tensor histories) => Encoder.ScoreItems(Encoder.Represent(histories));

    /// <summary>Cross-entropy of the next item over the whole catalogue, at real positions only.</summary>
    private protected Tensor NextItemLoss(Tensor hidden, TrainingBatch batch, LossPositions positions)
    {
        using var scope = NewDisposeScope();
        Tensor states;
        Tensor targets;
        if (positions == LossPositions.Last)
        {
            states = hidden.select(1, hidden.shape[1] - 1);
            targets = batch.Targets.select(1, batch.Targets.shape[1] - 1);
        }
        else
        {
            // Gather before the output layer: logits at padding would be most of the work and all waste.
            Tensor real = batch.Targets.view(-1).ne(TorchScalars.Zero).nonzero().squeeze(1);
            states = hidden.reshape(-1, hidden.shape[2]).index_select(0, real);
            targets = batch.Targets.view(-1).index_select(0, real);
        }

        return ChunkedCrossEntropy(states, targets.sub(TorchScalars.One)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean cross-entropy over all items, computed in row chunks whose logits stay under
    /// <see cref="LogitChunkBytes"/>. Same value and gradients as one big matmul, but no single
    /// allocation is large enough for glibc to serve it with mmap (it always does above 64 MB on
    /// non-main threads), so the memory is reused from step to step instead of page-faulted in again.
    /// </summary>
    private Tensor ChunkedCrossEntropy(Tensor states, Tensor targets)
    {
        using var scope = NewDisposeScope();
        long rows = states.shape[0];
        long chunk = Math.Max(1, LogitChunkBytes / (4L * ItemCount));
        Tensor? total = null;
        for (long start = 0; start < rows; start += chunk)
        {
            long length = Math.Min(chunk, rows - start);
            Tensor logits = Encoder.ScoreItems(states.narrow(0, start, length));
            Tensor part = nn.functional.cross_entropy(logits, targets.narrow(0, start, length), reduction: nn.Reduction.Sum);
            total = total is null ? part : total.add(part);
        }

        using Scalar count = Math.Max(rows, 1).ToScalar();
        return total!.div(count).MoveToOuterDisposeScope();
    }
}
