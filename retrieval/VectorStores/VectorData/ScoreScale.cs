using Microsoft.Extensions.VectorData;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// How a VectorData distance function maps onto a <see cref="VectorMetric"/>, and how an index score (always
/// higher-is-better) is reported in that function's own terms: similarities stay higher-is-better, distances become
/// lower-is-better. The order of results is the same either way, so one index serves both spellings of a metric.
/// </summary>
internal readonly record struct ScoreScale(string Function, VectorMetric Metric, bool HigherIsBetter)
{
    /// <summary>The distance function used when a vector property names none.</summary>
    public const string DefaultFunction = DistanceFunction.CosineSimilarity;

    public static ScoreScale For(string? distanceFunction, string propertyName) => (distanceFunction ?? DefaultFunction) switch
    {
        DistanceFunction.CosineSimilarity => new(DistanceFunction.CosineSimilarity, VectorMetric.Cosine, HigherIsBetter: true),
        DistanceFunction.CosineDistance => new(DistanceFunction.CosineDistance, VectorMetric.Cosine, HigherIsBetter: false),
        DistanceFunction.DotProductSimilarity => new(DistanceFunction.DotProductSimilarity, VectorMetric.DotProduct, HigherIsBetter: true),
        DistanceFunction.NegativeDotProductSimilarity => new(DistanceFunction.NegativeDotProductSimilarity, VectorMetric.DotProduct, HigherIsBetter: false),
        DistanceFunction.EuclideanDistance => new(DistanceFunction.EuclideanDistance, VectorMetric.Euclidean, HigherIsBetter: false),
        DistanceFunction.EuclideanSquaredDistance => new(DistanceFunction.EuclideanSquaredDistance, VectorMetric.Euclidean, HigherIsBetter: false),
        string other => throw new NotSupportedException(
            $"Vector property '{propertyName}' asks for distance function '{other}'; AgentRec vector indexes support " +
            $"{DistanceFunction.CosineSimilarity}, {DistanceFunction.CosineDistance}, {DistanceFunction.DotProductSimilarity}, " +
            $"{DistanceFunction.NegativeDotProductSimilarity}, {DistanceFunction.EuclideanDistance} and {DistanceFunction.EuclideanSquaredDistance}."),
    };

    /// <summary>The reported score for an index score (see <see cref="VectorMetric"/> for what the index reports).</summary>
    public double ToScore(float indexScore) => Function switch
    {
        DistanceFunction.CosineDistance => 1.0 - indexScore,
        DistanceFunction.NegativeDotProductSimilarity or DistanceFunction.EuclideanDistance => -(double)indexScore,
        DistanceFunction.EuclideanSquaredDistance => (double)indexScore * indexScore,
        _ => indexScore,
    };

    /// <summary>Whether a reported score passes a score threshold: at least it for similarities, at most it for distances.</summary>
    public bool Passes(double score, double threshold) => HigherIsBetter ? score >= threshold : score <= threshold;
}
