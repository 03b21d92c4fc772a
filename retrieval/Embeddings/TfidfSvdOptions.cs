namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// How <see cref="TfidfSvdEmbeddingGenerator.Fit"/> builds its model. The defaults suit catalogs of a few thousand to
/// a few hundred thousand short texts (titles, plots, product descriptions).
/// </summary>
public sealed record TfidfSvdOptions
{
    /// <summary>
    /// A short English stop-word list: function words that carry no topic. Terms in more than
    /// <see cref="MaxDocumentFrequencyRatio"/> of the corpus are dropped as well, so the list only needs the obvious ones.
    /// </summary>
    public static IReadOnlyList<string> EnglishStopWords { get; } =
    [
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
        "do", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "me", "my", "no", "not", "of", "on", "one", "or", "our", "out", "she", "so", "than", "that", "the", "their",
        "them", "then", "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "who", "will",
        "with", "would", "you", "your",
    ];

    /// <summary>Embedding width. When the corpus supports fewer directions the remaining components are zero.</summary>
    public int Dimensions { get; init; } = 256;

    /// <summary>Terms in fewer documents than this are dropped (they cannot relate two documents).</summary>
    public int MinDocumentFrequency { get; init; } = 2;

    /// <summary>Terms in more than this fraction of the documents are dropped (they relate every document).</summary>
    public double MaxDocumentFrequencyRatio { get; init; } = 0.5;

    /// <summary>When more terms qualify, the most frequent (by document frequency) are kept.</summary>
    public int MaxVocabulary { get; init; } = 50_000;

    /// <summary>Also index pairs of adjacent words ("star wars"), which carry names and phrases unigrams lose.</summary>
    public bool Bigrams { get; init; } = true;

    /// <summary>Term frequency <c>1 + ln(count)</c> instead of the raw count, so repetition saturates.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>Words removed before unigrams and bigrams are formed; null or empty for none.</summary>
    public IReadOnlyList<string>? StopWords { get; init; } = EnglishStopWords;

    /// <summary>Extra random directions sampled beyond <see cref="Dimensions"/> (randomised SVD oversampling).</summary>
    public int Oversampling { get; init; } = 10;

    /// <summary>Subspace (power) iterations; each sharpens the leading singular directions at the cost of two sparse products.</summary>
    public int PowerIterations { get; init; } = 3;

    /// <summary>Seed of the random starting subspace; the same corpus, options and seed give the same model.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads for the sparse products and orthogonalisation; 0 means one per processor. Results do not depend on it.</summary>
    public int Parallelism { get; init; }

    /// <summary>Prefix of <see cref="TfidfSvdEmbeddingGenerator.ModelId"/>, which adds the width and a content fingerprint.</summary>
    public string ModelName { get; init; } = "tfidf-svd";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimensions, 1, nameof(Dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinDocumentFrequency, 1, nameof(MinDocumentFrequency));
        if (!(MaxDocumentFrequencyRatio > 0 && MaxDocumentFrequencyRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDocumentFrequencyRatio), MaxDocumentFrequencyRatio, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVocabulary, 1, nameof(MaxVocabulary));
        ArgumentOutOfRangeException.ThrowIfNegative(Oversampling, nameof(Oversampling));
        ArgumentOutOfRangeException.ThrowIfNegative(PowerIterations, nameof(PowerIterations));
        ArgumentOutOfRangeException.ThrowIfNegative(Parallelism, nameof(Parallelism));
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelName, nameof(ModelName));
    }
}
