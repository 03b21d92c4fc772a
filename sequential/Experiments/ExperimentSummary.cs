using System.Text.Json;
using System.Text.Json.Serialization;
using AgentRec.Sequential.Evaluation;

namespace AgentRec.Sequential.Experiments;

/// <summary>
/// An <see cref="ExperimentResult"/> without its epoch history, in the one-line JSON form that
/// `agentrec train seq --json` prints and `agentrec bench seq` stores per run.
/// </summary>
public sealed record ExperimentSummary(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("best_epoch")] int BestEpoch,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("epoch_s")] double EpochSeconds,
    [property: JsonPropertyName("total_s")] double TotalSeconds,
    [property: JsonPropertyName("valid")] MetricSummary Valid,
    [property: JsonPropertyName("test")] MetricSummary Test)
{
    public static ExperimentSummary From(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExperimentSummary(result.Dataset, result.Model.ToString(), result.Seed, result.BestEpoch, result.EpochsRun,
            result.MeanEpochSeconds, result.TotalSeconds, MetricSummary.From(result.Valid), MetricSummary.From(result.Test));
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="InvalidDataException">Not a summary; the message names <paramref name="source"/>.</exception>
    public static ExperimentSummary Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ExperimentSummary>(json) is { Dataset: not null, Model: not null, Valid: not null, Test: not null } summary
                ? summary
                : throw new InvalidDataException($"{source}: not a sequential experiment summary (dataset, model, valid and test are required).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}

/// <summary>Full-ranking HR and NDCG at 5/10/20 over <see cref="Users"/> users.</summary>
public sealed record MetricSummary(
    [property: JsonPropertyName("hr5")] double HitRate5,
    [property: JsonPropertyName("hr10")] double HitRate10,
    [property: JsonPropertyName("hr20")] double HitRate20,
    [property: JsonPropertyName("ndcg5")] double Ndcg5,
    [property: JsonPropertyName("ndcg10")] double Ndcg10,
    [property: JsonPropertyName("ndcg20")] double Ndcg20,
    [property: JsonPropertyName("users")] int Users)
{
    public static MetricSummary From(RankingMetrics m) => new(m.HitRate5, m.HitRate10, m.HitRate20, m.Ndcg5, m.Ndcg10, m.Ndcg20, m.Users);
}
