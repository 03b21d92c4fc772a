namespace AgentRec.Sequential.Models;

/// <summary>SRA-CL's two contrastive tasks. Weights, substitution rate and neighbour counts follow the paper (arXiv 2503.04162); similarity and temperature match CL4SRec's tuning.</summary>
public sealed record SraClOptions
{
    public static SraClOptions Default { get; } = new();

    /// <summary>Weight of the inter-user loss L_user (0.1).</summary>
    public double UserWeight { get; init; } = 0.1;

    /// <summary>Weight of the intra-user loss L_item (0.1).</summary>
    public double ItemWeight { get; init; } = 0.1;

    /// <summary>InfoNCE temperature (0.5 with cosine similarity; the paper's code uses 1.0 with dot products).</summary>
    public double Temperature { get; init; } = 0.5;

    /// <summary>
    /// Similarity inside both InfoNCE losses (cosine). The same tuning as <see cref="CL4SRecOptions.Similarity"/>:
    /// with dot products the contrastive gradients grow with the representation norm and swamp the
    /// cross-entropy on Beauty; cosine with τ = 0.5 keeps them on the scale of the CE gradients.
    /// </summary>
    public ContrastiveSimilarity Similarity { get; init; } = ContrastiveSimilarity.Cosine;

    /// <summary>Probability that an item is replaced by one of its semantic neighbours in an intra-user view (0.2).</summary>
    public double SubstitutionProbability { get; init; } = 0.2;

    /// <summary>
    /// Whether each intra-user view, after the semantic substitution, also gets one of CL4SRec's random
    /// augmentations (crop, mask or reorder, with <see cref="CL4SRecOptions"/>' ratios). On (the default),
    /// SRA-CL is a plug-in on a CL4SRec base, as the paper applies it: L_item then carries both the base's
    /// random views and the semantic substitution, without a second pair of encoder passes. Off, the views
    /// differ only by substitution; on Beauty, whose item neighbours come from opaque attribute ids, such views
    /// are nearly identical and L_item teaches little.
    /// </summary>
    public bool RandomAugmentation { get; init; } = true;

    /// <summary>Augmentation ratios of the random views when <see cref="RandomAugmentation"/> is on.</summary>
    public CL4SRecOptions Augmentation { get; init; } = CL4SRecOptions.Default;

    /// <summary>
    /// Neighbour users whose sequences are encoded per anchor and step (5). The paper encodes all 10;
    /// each one costs a full encoder pass with gradients, so a fresh random subset per step is used
    /// instead, which keeps the positive view an attention-weighted mix of semantic neighbours.
    /// </summary>
    public int UserNeighbourSamples { get; init; } = 5;

    /// <summary>Dropout on the neighbour attention weights (0.5, as in the SRA-CL code).</summary>
    public double AttentionDropout { get; init; } = 0.5;

    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        SasRecOptions.Require(UserWeight >= 0, nameof(UserWeight), UserWeight, "non-negative");
        SasRecOptions.Require(ItemWeight >= 0, nameof(ItemWeight), ItemWeight, "non-negative");
        SasRecOptions.Require(Temperature > 0, nameof(Temperature), Temperature, "positive");
        SasRecOptions.Require(SubstitutionProbability is >= 0 and <= 1, nameof(SubstitutionProbability), SubstitutionProbability, "in [0, 1]");
        SasRecOptions.Require(UserNeighbourSamples >= 1, nameof(UserNeighbourSamples), UserNeighbourSamples, "at least 1");
        SasRecOptions.Require(AttentionDropout is >= 0 and < 1, nameof(AttentionDropout), AttentionDropout, "in [0, 1)");
        ArgumentNullException.ThrowIfNull(Augmentation);
        Augmentation.Validate();
    }
}
