namespace AgentRec.Sequential.Models;

/// <summary>
/// The SASRec backbone (Kang &amp; McAuley, ICDM 2018, as configured by RecBole and the SRA-CL code):
/// item + learned position embeddings, causal self-attention blocks with post-layer-norm residuals.
/// </summary>
public sealed record SasRecOptions
{
    public static SasRecOptions Default { get; } = new();

    /// <summary>Embedding and hidden size d (64).</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Transformer blocks (2).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads per block (2); must divide <see cref="HiddenSize"/>.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Width of the feed-forward layer inside a block (256, RecBole's default).</summary>
    public int InnerSize { get; init; } = 256;

    /// <summary>Longest history the model reads; older items are dropped (50).</summary>
    public int MaxLength { get; init; } = 50;

    /// <summary>Dropout on embeddings and block outputs (0.5).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Dropout on attention probabilities (0.5).</summary>
    public double AttentionDropout { get; init; } = 0.5;

    /// <summary>Layer-norm epsilon (1e-12, as in RecBole).</summary>
    public double LayerNormEpsilon { get; init; } = 1e-12;

    /// <summary>Standard deviation of the normal initialisation of embeddings and linear weights (0.02).</summary>
    public double InitialisationRange { get; init; } = 0.02;

    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(HiddenSize >= 2, nameof(HiddenSize), HiddenSize, "at least 2");
        Require(Layers >= 1, nameof(Layers), Layers, "at least 1");
        Require(Heads >= 1 && HiddenSize % Heads == 0, nameof(Heads), Heads, $"a divisor of HiddenSize {HiddenSize}");
        Require(InnerSize >= 1, nameof(InnerSize), InnerSize, "at least 1");
        Require(MaxLength >= 2, nameof(MaxLength), MaxLength, "at least 2");
        Require(Dropout is >= 0 and < 1, nameof(Dropout), Dropout, "in [0, 1)");
        Require(AttentionDropout is >= 0 and < 1, nameof(AttentionDropout), AttentionDropout, "in [0, 1)");
        Require(LayerNormEpsilon > 0, nameof(LayerNormEpsilon), LayerNormEpsilon, "positive");
        Require(InitialisationRange > 0, nameof(InitialisationRange), InitialisationRange, "positive");
    }

    internal static void Require(bool ok, string name, object value, string expectation)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} is {value}; it must be {expectation}.", name);
        }
    }
}
