using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Sequential.Evaluation;
using AgentRec.Sequential.Experiments;
using AgentRec.Sequential.Inference;
using AgentRec.Sequential.Models;
using AgentRec.Sequential.Training;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec train seq`, `agentrec eval seq` and `agentrec recommend`: sequential recommenders (SASRec, CL4SRec, SRA-CL).</summary>
internal static class SequentialCommands
{
    private static Option<string> ModelOption() => new("--model") { Description = "sasrec, cl4srec or sracl.", DefaultValueFactory = _ => "sasrec" };

    private static Option<string> DatasetOption() => new("--dataset") { Description = "beauty, toys, yelp or ml-100k (under --data-root).", Required = true };

    private static Option<string> DataRootOption() => new("--data-root") { Description = "Folder holding the datasets (e.g. ../shared/data).", Required = true };

    public static Command Train()
    {
        var model = ModelOption();
        var dataset = DatasetOption();
        var dataRoot = DataRootOption();
        var seed = new Option<long>("--seed") { Description = "Seed of initialisation and data order.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping on valid NDCG@10 usually ends sooner).", DefaultValueFactory = _ => 200 };
        var patience = new Option<int>("--patience") { Description = "Epochs without a better valid NDCG@10 before stopping.", DefaultValueFactory = _ => 10 };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file: training resumes from it if present, and it keeps the best weights for eval/recommend." };
        var json = CliOptions.Json();
        var clWeight = new Option<double?>("--cl-weight") { Description = "CL4SRec: weight λ of the contrastive loss (default 0.1)." };
        var userWeight = new Option<double?>("--user-weight") { Description = "SRA-CL: weight of the inter-user loss L_user (default 0.1; 0 turns it off)." };
        var itemWeight = new Option<double?>("--item-weight") { Description = "SRA-CL: weight of the intra-user loss L_item (default 0.1; 0 turns it off)." };
        var temperature = new Option<double?>("--temperature") { Description = "CL4SRec / SRA-CL: InfoNCE temperature (default 0.5)." };
        var semanticOnly = new Option<bool>("--semantic-views-only") { Description = "SRA-CL: intra-user views by semantic substitution alone, without CL4SRec's crop/mask/reorder." };
        var seq = new Command("seq", "Train a sequential recommender with early stopping; prints full-ranking HR/NDCG@5/10/20 on valid and test.")
        {
            model, dataset, dataRoot, seed, epochs, patience, checkpoint, json, clWeight, userWeight, itemWeight, temperature, semanticOnly,
        };
        seq.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var kind = ParseKind(parse.GetValue(model)!);
            var data = await LoadAsync(parse.GetValue(dataset)!, parse.GetValue(dataRoot)!, cancellationToken).ConfigureAwait(false);
            var options = new SequentialExperimentOptions
            {
                Semantics = kind == SequentialModelKind.SraCl ? await SemanticsAsync(data, cancellationToken).ConfigureAwait(false) : null,
                Training = TrainingOptions.Default with { Epochs = parse.GetValue(epochs), Patience = parse.GetValue(patience), CheckpointPath = parse.GetValue(checkpoint)?.FullName },
                CL4SRec = CL4SRecOptions.Default with
                {
                    Weight = parse.GetValue(clWeight) ?? CL4SRecOptions.Default.Weight,
                    Temperature = parse.GetValue(temperature) ?? CL4SRecOptions.Default.Temperature,
                },
                SraCl = SraClOptions.Default with
                {
                    UserWeight = parse.GetValue(userWeight) ?? SraClOptions.Default.UserWeight,
                    ItemWeight = parse.GetValue(itemWeight) ?? SraClOptions.Default.ItemWeight,
                    Temperature = parse.GetValue(temperature) ?? SraClOptions.Default.Temperature,
                    RandomAugmentation = !parse.GetValue(semanticOnly),
                },
            };
            options.CL4SRec.Validate();
            options.SraCl.Validate();
            ExperimentResult result = null!;
            if (parse.GetValue(json))
            {
                // stdout stays one JSON line; a line per validation goes to stderr so long runs can be watched.
                var log = new Progress<TrainingProgress>(p =>
                {
                    if (p.Phase == TrainingPhase.Evaluating)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{DateTime.Now:HH:mm:ss} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} previous valid NDCG@10 {p.LastValidNdcg10:F4} best {p.BestValidNdcg10:F4}"));
                    }
                });
                result = await SequentialExperiment.RunAsync(data, kind, options, parse.GetValue(seed), log, cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine(ExperimentSummary.From(result).ToJson());
                return 0;
            }

            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"{kind} on {data.Name}", maxValue: 1);
                    var progress = new Progress<TrainingProgress>(p => task.Description = $"{kind} on {data.Name}: {p}");
                    result = await SequentialExperiment.RunAsync(data, kind, options, parse.GetValue(seed), progress, cancellationToken).ConfigureAwait(false);
                    task.Value = 1;
                }).ConfigureAwait(false);
            PrintMetrics(result.Valid, result.Test);
            AnsiConsole.MarkupLine($"[grey]best epoch {result.BestEpoch} of {result.EpochsRun}, {result.MeanEpochSeconds:F1} s per epoch, {result.TotalSeconds:F0} s in all[/]");
            return 0;
        }));
        return seq;
    }

    public static Command Evaluate()
    {
        var model = ModelOption();
        var dataset = DatasetOption();
        var dataRoot = DataRootOption();
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "Checkpoint written by `train seq`.", Required = true };
        var seq = new Command("seq", "Full-ranking HR/NDCG@5/10/20 of a trained sequential recommender on valid and test.") { model, dataset, dataRoot, checkpoint };
        seq.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var data = await LoadAsync(parse.GetValue(dataset)!, parse.GetValue(dataRoot)!, cancellationToken).ConfigureAwait(false);
            var split = LeaveOneOutSplit.Create(data);
            using var trained = await RestoreAsync(ParseKind(parse.GetValue(model)!), data, split, parse.GetValue(checkpoint)!.FullName, cancellationToken).ConfigureAwait(false);
            PrintMetrics(TrainedModels.Evaluate(trained, split.Valid, cancellationToken), TrainedModels.Evaluate(trained, split.Test, cancellationToken));
            return 0;
        }));
        return seq;
    }

    public static Command Recommend()
    {
        var model = ModelOption();
        var dataset = DatasetOption();
        var dataRoot = DataRootOption();
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "Checkpoint written by `train seq`.", Required = true };
        var user = new Option<string>("--user") { Description = "User id of the dataset.", Required = true };
        var top = new Option<int>("--k") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var command = new Command("recommend", "Top-k next items for a user's whole history (items already seen are excluded).") { model, dataset, dataRoot, checkpoint, user, top };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var data = await LoadAsync(parse.GetValue(dataset)!, parse.GetValue(dataRoot)!, cancellationToken).ConfigureAwait(false);
            var id = parse.GetValue(user)!;
            if (!data.TryGetSequence(id, out var sequence))
            {
                throw new ArgumentException($"User '{id}' is not in {data.Name} ({data.UserCount:N0} users).");
            }

            var split = LeaveOneOutSplit.Create(data);
            using var trained = await RestoreAsync(ParseKind(parse.GetValue(model)!), data, split, parse.GetValue(checkpoint)!.FullName, cancellationToken).ConfigureAwait(false);
            var ranked = new SequentialRecommender(trained).TopK([sequence.Items], parse.GetValue(top))[0];
            var table = new Table().Border(TableBorder.Rounded).AddColumn("rank").AddColumn("item").AddColumn("title").AddColumn("score");
            for (var i = 0; i < ranked.Items.Count; i++)
            {
                var item = data.Catalog.ItemAt(ranked.Items[i]);
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(item.Id), Markup.Escape(item.Title ?? "-"), ranked.Scores[i].ToString("F3", CultureInfo.InvariantCulture));
            }

            AnsiConsole.MarkupLine($"[grey]user {Markup.Escape(id)}: {sequence.Items.Count} items in history[/]");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    internal static SequentialModelKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "sasrec" => SequentialModelKind.SasRec,
        "cl4srec" => SequentialModelKind.CL4SRec,
        "sracl" or "sra-cl" => SequentialModelKind.SraCl,
        _ => throw new ArgumentException($"Unknown model '{name}'; use sasrec, cl4srec or sracl."),
    };

    internal static async Task<SequenceDataset> LoadAsync(string dataset, string dataRoot, CancellationToken cancellationToken) =>
        (await DatasetRegistry.LoadSequenceDatasetAsync(dataset, dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>SRA-CL's semantics without an LLM: item texts and attribute/title user summaries, TF-IDF + SVD, top-10 neighbours.</summary>
    internal static async Task<AgentRec.Sequential.Semantics.SemanticNeighbours> SemanticsAsync(SequenceDataset data, CancellationToken cancellationToken)
    {
        var split = LeaveOneOutSplit.Create(data);
        var texts = data.Catalog.Items.Select(AgentRec.Core.Catalog.ItemTextBuilder.Default.Build).ToList();
        var embedder = TfidfSvdEmbeddingGenerator.Fit(texts, new TfidfSvdOptions { Dimensions = 64 }, cancellationToken: cancellationToken);
        var sets = await SemanticNeighbours.ComputeAsync(embedder, data.Catalog, split.Train, new UserSummaryBuilder(data.Catalog), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new AgentRec.Sequential.Semantics.SemanticNeighbours(sets.Users, sets.Items);
    }

    private static async Task<SequentialModel> RestoreAsync(SequentialModelKind kind, SequenceDataset data, LeaveOneOutSplit split, string checkpointPath, CancellationToken cancellationToken)
    {
        var options = new SequentialExperimentOptions
        {
            Semantics = kind == SequentialModelKind.SraCl ? await SemanticsAsync(data, cancellationToken).ConfigureAwait(false) : null,
        };
        return TrainedModels.Load(checkpointPath, kind, data.ItemCount, split.Train.Count, options);
    }

    private static void PrintMetrics(RankingMetrics valid, RankingMetrics test)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("split").AddColumn("users").AddColumn("HR@5").AddColumn("HR@10").AddColumn("HR@20").AddColumn("NDCG@5").AddColumn("NDCG@10").AddColumn("NDCG@20");
        foreach (var (name, m) in new[] { ("valid", valid), ("test", test) })
        {
            table.AddRow(name, m.Users.ToString(CultureInfo.InvariantCulture), F(m.HitRate5), F(m.HitRate10), F(m.HitRate20), F(m.Ndcg5), F(m.Ndcg10), F(m.Ndcg20));
        }

        AnsiConsole.Write(table);

        static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
    }
}
