using System.CommandLine;
using AgentRec.Cli.Evaluation;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Loaders;
using AgentRec.Llm.Embeddings;
using AgentRec.Llm.Models;
using AgentRec.Llm.Runtime;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec index`: embeds a catalog's item texts and writes a persistent vector store (SQLite file, crash-safe),
/// with the offline TF-IDF + SVD embedder by default or a GGUF embedding model.
/// </summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "default (built-in movies) or a dataset name under --data-root.", DefaultValueFactory = _ => EvaluationSetup.DefaultDataset };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding the datasets (e.g. ../shared/data)." };
        var items = new Option<FileInfo?>("--items") { Description = "Your own items file (CSV or JSONL) instead of a dataset." };
        var output = new Option<FileInfo>("--out") { Description = "The vector store file to write.", Required = true };
        var dimensions = new Option<int>("--dim") { Description = "TF-IDF + SVD dimensions.", DefaultValueFactory = _ => 128 };
        var embeddingModel = new Option<FileInfo?>("--embedding-model") { Description = "GGUF model to embed with instead of TF-IDF + SVD." };
        var kind = new Option<EmbeddedIndexKind>("--index") { Description = "exact or hnsw.", DefaultValueFactory = _ => EmbeddedIndexKind.Hnsw };
        var command = new Command("index", "Build the item index of a catalog (embeddings in a persistent vector store).")
        {
            dataset, dataRoot, items, output, dimensions, embeddingModel, kind,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var cacheRoot = ModelStore.DefaultRoot();
            ItemCatalog catalog = parse.GetValue(items) is { } file
                ? (await UserDataLoader.LoadItemsAsync(file.FullName, cancellationToken: cancellationToken).ConfigureAwait(false)).Value
                : (await EvaluationSetup.LoadAsync(parse.GetValue(dataset)!, parse.GetValue(dataRoot), cacheRoot, users: 1, seed: 1, cancellationToken).ConfigureAwait(false)).Catalog;
            var texts = catalog.Items.Select(ItemTextBuilder.Default.Build).ToList();

            LlamaModel? model = null;
            IEmbeddingGenerator<string, Embedding<float>> embedder;
            if (parse.GetValue(embeddingModel) is { } gguf)
            {
                model = LlamaModel.Load(gguf.FullName);
                embedder = new LlamaEmbeddingGenerator(model);
            }
            else
            {
                TfidfSvdEmbeddingGenerator fitted = null!;
                await AnsiConsole.Status().StartAsync($"fitting TF-IDF + SVD on {texts.Count:N0} item texts", _ =>
                {
                    fitted = TfidfSvdEmbeddingGenerator.Fit(texts, new TfidfSvdOptions { Dimensions = parse.GetValue(dimensions) }, cancellationToken: cancellationToken);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                var modelPath = Path.ChangeExtension(parse.GetValue(output)!.FullName, ".tfidf-svd.bin");
                fitted.Save(modelPath);
                AnsiConsole.MarkupLine($"[grey]embedding model saved to {Markup.Escape(modelPath)}[/]");
                embedder = fitted;
            }

            try
            {
                var probe = await embedder.GenerateAsync("probe", cancellationToken: cancellationToken).ConfigureAwait(false);
                await using var store = await EmbeddedVectorStore.OpenOrCreateAsync(parse.GetValue(output)!.FullName, new EmbeddedVectorStoreOptions
                {
                    Name = "items",
                    Dimensions = probe.Vector.Length,
                    Index = parse.GetValue(kind),
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
                ItemIndexingResult result = null!;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"indexing {catalog.Count:N0} items", maxValue: catalog.Count);
                        result = await new ItemEmbeddingIndexer(embedder).IndexAsync(catalog, store, progress: new Progress<ItemIndexingProgress>(p => task.Value = p.Done), cancellationToken: cancellationToken).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                    }).ConfigureAwait(false);
                AnsiConsole.MarkupLine($"indexed {result.Indexed:N0} items into {Markup.Escape(parse.GetValue(output)!.FullName)} ({await store.CountAsync(cancellationToken: cancellationToken).ConfigureAwait(false):N0} stored)"
                    + (result.SkippedItemIds.Count > 0 ? $"; {result.SkippedItemIds.Count} skipped (no text the embedder knows)" : string.Empty));
            }
            finally
            {
                model?.Dispose();
            }

            return 0;
        }));
        return command;
    }
}
