using System.Globalization;
using System.Text;
using AgentRec.Core.Interactions;
using AgentRec.Evaluation.Ranking;
using AgentRec.Sequential.Experiments;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Semantics;
using AgentRec.Sequential.Training;
using AgentRec.Core.IO;

namespace AgentRec.Bench.Sequential;

/// <summary>
/// SASRec / CL4SRec / SRA-CL over several seeds on one dataset, full ranking. Every (model, seed) run keeps
/// a checkpoint and, once finished, a one-line JSON summary in the results folder: an interrupted benchmark
/// resumes where it stopped, and finished runs are read back instead of trained again.
/// </summary>
public static class SequentialBenchmark
{
    public static string ResultPath(string folder, SequentialModelKind kind, long seed) =>
        Path.Combine(folder, $"{Name(kind)}-s{seed}.json");

    /// <summary>Short lower-case name: sasrec, cl4srec, sracl.</summary>
    public static string Name(SequentialModelKind kind) => kind.ToString().ToLowerInvariant();

    /// <param name="semantics">SRA-CL's neighbours for the dataset (asked for once, only if SRA-CL is in <paramref name="models"/>).</param>
    /// <param name="onRun">Called before each run that has to train: (model, seed).</param>
    public static async Task<IReadOnlyList<ExperimentSummary>> RunAsync(
        SequenceDataset dataset,
        IReadOnlyList<SequentialModelKind> models,
        IReadOnlyList<long> seeds,
        string folder,
        Func<SequenceDataset, CancellationToken, Task<SemanticNeighbours>> semantics,
        TrainingOptions training,
        Action<SequentialModelKind, long>? onRun = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(semantics);
        Directory.CreateDirectory(folder);
        SemanticNeighbours? neighbours = null;
        var results = new List<ExperimentSummary>();
        foreach (var kind in models)
        {
            foreach (var seed in seeds)
            {
                var path = ResultPath(folder, kind, seed);
                if (File.Exists(path))
                {
                    results.Add(ExperimentSummary.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path));
                    continue;
                }

                onRun?.Invoke(kind, seed);
                if (kind == SequentialModelKind.SraCl)
                {
                    neighbours ??= await semantics(dataset, cancellationToken).ConfigureAwait(false);
                }

                var options = new SequentialExperimentOptions
                {
                    Semantics = kind == SequentialModelKind.SraCl ? neighbours : null,
                    Training = training with { CheckpointPath = Path.Combine(folder, $"{Name(kind)}-s{seed}.ckpt") },
                };
                var result = await SequentialExperiment.RunAsync(dataset, kind, options, seed, progress, cancellationToken).ConfigureAwait(false);
                var summary = ExperimentSummary.From(result);
                await AtomicFile.WriteAllTextAsync(path, summary.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
                results.Add(summary);
            }
        }

        return results;
    }

    /// <summary>Every run summary (<c>*.json</c>) in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<ExperimentSummary> Load(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => ExperimentSummary.Parse(File.ReadAllText(f), f))];

    /// <summary>
    /// A Markdown table, one row per (dataset, model): test HR/NDCG@5/10/20 as mean ± sample std over the seeds,
    /// seconds per training epoch, epochs run and best epoch (means).
    /// </summary>
    public static string MarkdownTable(IEnumerable<ExperimentSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine("| dataset | model | seeds | HR@5 | HR@10 | HR@20 | NDCG@5 | NDCG@10 | NDCG@20 | s/epoch | epochs (best) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in runs.GroupBy(r => (r.Dataset, r.Model)).OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => Order(g.Key.Model)))
        {
            var all = group.OrderBy(r => r.Seed).ToList();
            string Cell(Func<MetricSummary, double> metric) => MeanStd.Of(all.Select(r => metric(r.Test))).ToString("F4");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Dataset} | {group.Key.Model} | {string.Join(",", all.Select(r => r.Seed))} | {Cell(m => m.HitRate5)} | {Cell(m => m.HitRate10)} | {Cell(m => m.HitRate20)} | {Cell(m => m.Ndcg5)} | {Cell(m => m.Ndcg10)} | {Cell(m => m.Ndcg20)} | {all.Average(r => r.EpochSeconds):F1} | {all.Average(r => r.Epochs):F0} ({all.Average(r => r.BestEpoch):F0}) |");
        }

        return text.ToString();
    }

    private static int Order(string model) => model.ToLowerInvariant() switch { "sasrec" => 0, "cl4srec" => 1, "sracl" => 2, _ => 3 };
}
