using AgentRec.Sequential.Augmentation;
using AgentRec.Sequential.Native;
using AgentRec.Sequential.Semantics;
using AgentRec.Sequential.Training;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AgentRec.Sequential.Models;

/// <summary>
/// SRA-CL (Cui et al., arXiv 2503.04162) on a SASRec backbone. Loss = CE + w_u·L_user + w_i·L_item:
/// <list type="bullet">
/// <item>L_user (inter-user): a user's positive view is an attention-weighted mix of the representations
/// of their semantic-neighbour users' sequences; the weights come from a learnable GAT-style scorer
/// over the anchor and each neighbour representation (the paper scores LLM embeddings, which this
/// project receives only as neighbour lists). Neighbour representations are a stop-gradient target.</item>
/// <item>L_item (intra-user): two views of the user's sequence in which each item is replaced, with
/// probability p, by one of its semantic-neighbour items, then (by default) cropped, masked or reordered
/// as in CL4SRec, the base model SRA-CL plugs into.</item>
/// </list>
/// </summary>
public sealed class SraCl : SequentialModel
{
    private readonly Parameter projection;
    private readonly Parameter attention;

    /// <exception cref="ArgumentException">The neighbour lists do not fit <paramref name="itemCount"/>.</exception>
    public SraCl(int itemCount, SemanticNeighbours semantics, SasRecOptions? backbone = null, SraClOptions? options = null)
        : base("sracl_model", itemCount, backbone ?? SasRecOptions.Default)
    {
        ArgumentNullException.ThrowIfNull(semantics);
        Options = options ?? SraClOptions.Default;
        Options.Validate();
        semantics.Validate(semantics.Users.Count, itemCount);
        Semantics = semantics;

        int d = Backbone.HiddenSize;
        projection = new Parameter(empty(d, d));
        attention = new Parameter(empty(2 * d, 1));
        using (no_grad())
        {
            nn.init.xavier_uniform_(projection, gain: 1.414);
            nn.init.xavier_uniform_(attention, gain: 1.414);
        }

        register_parameter("projection", projection);
        register_parameter("attention", attention);
    }

    public override SequentialModelKind Kind => SequentialModelKind.SraCl;

    public SraClOptions Options { get; }

    public SemanticNeighbours Semantics { get; }

    internal override Tensor Loss(TrainingBatch batch, LossPositions positions, IDictionary<string, double> parts)
    {
        if (batch.TrainSequences.Count != Semantics.Users.Count)
        {
            throw new InvalidOperationException(
                $"SRA-CL was given neighbours for {Semantics.Users.Count} users but trains on {batch.TrainSequences.Count}.");
        }

        using var scope = NewDisposeScope();
        Tensor hidden = Encoder.Forward(batch.Inputs);
        Tensor loss = NextItemLoss(hidden, batch, positions);
        parts["ce"] = loss.item<float>();

        if (Options.UserWeight > 0)
        {
            Tensor anchors = hidden.select(1, hidden.shape[1] - 1);
            Tensor? user = UserLoss(anchors, batch);
            if (user is not null)
            {
                parts["user"] = user.item<float>();
                using Scalar weight = Options.UserWeight.ToScalar();
                loss = loss.add(user.mul(weight));
            }
        }

        if (Options.ItemWeight > 0)
        {
            Tensor item = ItemLoss(batch);
            parts["item"] = item.item<float>();
            using Scalar weight = Options.ItemWeight.ToScalar();
            loss = loss.add(item.mul(weight));
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Neighbour users sampled for a batch row: up to <see cref="SraClOptions.UserNeighbourSamples"/> of its list.</summary>
    internal int[] SampleUserNeighbours(int user, Random random)
    {
        int[] all = Semantics.Users[user];
        int take = Math.Min(all.Length, Options.UserNeighbourSamples);
        if (take == all.Length)
        {
            return all;
        }

        int[] pool = [.. all];
        for (int i = 0; i < take; i++)
        {
            int j = i + random.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..take];
    }

    /// <summary>
    /// An intra-user view: items replaced by semantic neighbours with the configured probability, then one
    /// random crop/mask/reorder when <see cref="SraClOptions.RandomAugmentation"/> is on (substitution first,
    /// so that mask tokens are never looked up as items).
    /// </summary>
    internal int[] SubstitutedView(IReadOnlyList<int> items, Random random)
    {
        int[] substituted = SequenceAugmentations.Substitute(items, Semantics.Items, Options.SubstitutionProbability, random);
        if (!Options.RandomAugmentation)
        {
            return substituted;
        }

        var ratios = Options.Augmentation;
        return SequenceAugmentations.RandomView(substituted, ratios.CropRatio, ratios.MaskRatio, ratios.ReorderRatio, Encoder.MaskIndex, random);
    }

    private Tensor? UserLoss(Tensor anchors, TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        int slots = Options.UserNeighbourSamples;
        var rows = new List<long>();
        var sequences = new List<IReadOnlyList<int>>();
        var present = new List<bool>();
        for (int b = 0; b < batch.Users.Length; b++)
        {
            int[] neighbours = SampleUserNeighbours(batch.Users[b], batch.Random);
            if (neighbours.Length == 0)
            {
                continue;
            }

            rows.Add(b);
            for (int k = 0; k < slots; k++)
            {
                bool real = k < neighbours.Length;
                present.Add(real);
                sequences.Add(real ? batch.TrainSequences[neighbours[k]] : []);
            }
        }

        if (rows.Count < 2)
        {
            return null;
        }

        int d = Backbone.HiddenSize;
        Tensor anchor = anchors.index_select(0, tensor(rows.ToArray()));
        // Neighbours are encoded without gradients (a stop-gradient target, as in BYOL/SimSiam): the anchor
        // and the attention scorer learn, and the five extra encoder passes per row cost a forward only.
        Tensor neighbourStates;
        using (no_grad())
        {
            neighbourStates = Encoder.RepresentByLength(sequences).view(rows.Count, slots, d);
        }

        Tensor valid = tensor(present.ToArray()).view(rows.Count, slots);

        // GAT-style weights: a · [W h_u ; W h_v], LeakyReLU, softmax over the present neighbours.
        Tensor a = attention.narrow(0, 0, d);
        Tensor c = attention.narrow(0, d, d);
        Tensor fromAnchor = anchor.matmul(projection).matmul(a);
        Tensor fromNeighbours = neighbourStates.matmul(projection).matmul(c).squeeze(-1);
        Tensor scores = nn.functional.leaky_relu(fromNeighbours.add(fromAnchor), 0.2).masked_fill(valid.logical_not(), TorchScalars.Excluded);
        Tensor weights = nn.functional.dropout(scores.softmax(-1), Options.AttentionDropout, training);
        Tensor positive = weights.unsqueeze(-1).mul(neighbourStates).sum(1);
        return ContrastiveLoss.InfoNce(anchor, positive, Options.Temperature, Options.Similarity).MoveToOuterDisposeScope();
    }

    private Tensor ItemLoss(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var first = new int[batch.Users.Length][];
        var second = new int[batch.Users.Length][];
        for (int b = 0; b < first.Length; b++)
        {
            first[b] = SubstitutedView(batch.InputSequences[b], batch.Random);
            second[b] = SubstitutedView(batch.InputSequences[b], batch.Random);
        }

        return ContrastiveLoss.InfoNce(
            Encoder.Represent(SequenceTensors.LeftPad(first, batch.MaxLength)),
            Encoder.Represent(SequenceTensors.LeftPad(second, batch.MaxLength)),
            Options.Temperature,
            Options.Similarity).MoveToOuterDisposeScope();
    }
}
