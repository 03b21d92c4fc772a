using AgentRec.Sequential.Native;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>
/// The SASRec backbone shared by every model here. Item index 0 is padding; index <c>ItemCount + 1</c>
/// is the mask token used by CL4SRec's mask augmentation. Inputs are left-padded, so the newest item is
/// always in the last column and a batch may be narrower than <see cref="SasRecOptions.MaxLength"/>:
/// column j of a width-W batch gets position <c>MaxLength - W + j</c>, exactly as if it were padded to
/// full length (padding never takes part in attention).
/// </summary>
internal sealed class SasRecEncoder : nn.Module
{
    private readonly SasRecOptions _options;
    private readonly Embedding itemEmbedding;
    private readonly Embedding positionEmbedding;
    private readonly LayerNorm inputNorm;
    private readonly Dropout inputDropout;
    private readonly ModuleList<SelfAttentionBlock> blocks;

    public SasRecEncoder(int itemCount, SasRecOptions options)
        : base("sasrec")
    {
        _options = options;
        ItemCount = itemCount;
        itemEmbedding = nn.Embedding(itemCount + 2, options.HiddenSize, padding_idx: 0);
        positionEmbedding = nn.Embedding(options.MaxLength, options.HiddenSize);
        inputNorm = nn.LayerNorm(options.HiddenSize, options.LayerNormEpsilon);
        inputDropout = nn.Dropout(options.Dropout);
        blocks = new ModuleList<SelfAttentionBlock>();
        for (int layer = 0; layer < options.Layers; layer++)
        {
            blocks.Add(new SelfAttentionBlock($"block{layer}", options));
        }

        RegisterComponents();
        Initialise();
    }

    public int ItemCount { get; }

    /// <summary>The mask token's index, one past the last item.</summary>
    public int MaskIndex => ItemCount + 1;

    /// <summary>Embedding rows of items 1..N, the output layer shared with the input (N, d).</summary>
    public Tensor ItemWeights => itemEmbedding.weight!.narrow(0, 1, ItemCount);

    /// <summary>Hidden states for every position (B, W, d) of left-padded item indices (B, W).</summary>
    public Tensor Forward(Tensor items)
    {
        using var scope = NewDisposeScope();
        long width = items.shape[1];
        if (width > _options.MaxLength)
        {
            throw new ArgumentException($"Batch width {width} exceeds MaxLength {_options.MaxLength}.", nameof(items));
        }

        using Scalar first = (_options.MaxLength - width).ToScalar(), end = _options.MaxLength.ToScalar();
        Tensor positions = arange(first, end, dtype: ScalarType.Int64);
        Tensor x = itemEmbedding.forward(items).add_(positionEmbedding.forward(positions).unsqueeze(0));
        x = inputDropout.forward(inputNorm.forward(x));

        // Causal attention that never looks at padding keys.
        Tensor keyIsItem = items.ne(TorchScalars.Zero).view(items.shape[0], 1, 1, width);
        Tensor causal = ones(width, width, dtype: ScalarType.Bool).tril().view(1, 1, width, width);
        Tensor mask = zeros(1, dtype: ScalarType.Float32).masked_fill(keyIsItem.logical_and(causal).logical_not(), TorchScalars.Blocked);

        foreach (SelfAttentionBlock block in blocks)
        {
            x = block.Forward(x, mask);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The representation of each whole sequence: the hidden state of its newest item (B, d).</summary>
    public Tensor Represent(Tensor items)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = Forward(items);
        return hidden.select(1, hidden.shape[1] - 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="Represent(Tensor)"/> of many sequences of mixed lengths, encoded in groups of similar
    /// length so each group is only as wide as its own longest sequence (a batch of random users padded to
    /// the widest one would cost ~MaxLength columns per row on data whose median length is 6). Rows come
    /// back in the order of <paramref name="sequences"/>; the result equals one wide pass because the
    /// encoder places a width-W batch at the last W positions.
    /// </summary>
    public Tensor RepresentByLength(IReadOnlyList<IReadOnlyList<int>> sequences, int groupSize = 256)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        using var scope = NewDisposeScope();
        int[] order = [.. Enumerable.Range(0, sequences.Count).OrderBy(i => Math.Min(sequences[i].Count, _options.MaxLength))];
        var parts = new List<Tensor>();
        for (int start = 0; start < order.Length; start += groupSize)
        {
            IReadOnlyList<int>[] group = [.. order.Skip(start).Take(groupSize).Select(i => sequences[i])];
            parts.Add(Represent(Training.SequenceTensors.LeftPad(group, _options.MaxLength)));
        }

        var inverse = new long[order.Length];
        for (int position = 0; position < order.Length; position++)
        {
            inverse[order[position]] = position;
        }

        return cat(parts, 0).index_select(0, tensor(inverse)).MoveToOuterDisposeScope();
    }

    /// <summary>Scores of items 1..N for representations (B, d): (B, N).</summary>
    public Tensor ScoreItems(Tensor representations) => representations.matmul(ItemWeights.t());

    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach ((string name, Tensor parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (name.EndsWith("Norm.weight", StringComparison.Ordinal))
            {
                parameter.fill_(TorchScalars.One);
            }
            else
            {
                parameter.normal_(0.0, _options.InitialisationRange);
            }
        }

        itemEmbedding.weight![0].zero_();
    }
}
