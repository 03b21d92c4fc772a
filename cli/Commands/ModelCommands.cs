using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Models;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec model info|random|list`.</summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect, list and create GGUF models.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Random());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Info()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "GGUF file." };
        var json = CliOptions.Json();
        var command = new Command("info", "Show a GGUF file's header: architecture, sizes, tokenizer, chat template.") { file, json };
        command.SetAction((parse, _) => CommandErrors.Guard(() =>
        {
            var path = parse.GetValue(file)!.FullName;
            var gguf = GgufFile.Read(path);
            var facts = new (string Key, object? Value)[]
            {
                ("file", path),
                ("size_bytes", gguf.FileLength),
                ("gguf_version", gguf.Version),
                ("architecture", gguf.Architecture),
                ("name", gguf.Name),
                ("file_type", gguf.FileTypeName),
                ("parameters", gguf.ParameterCount),
                ("tensors", gguf.Tensors.Count),
                ("context_length", gguf.ContextLength),
                ("embedding_length", gguf.EmbeddingLength),
                ("block_count", gguf.BlockCount),
                ("head_count", gguf.HeadCount),
                ("head_count_kv", gguf.HeadCountKv),
                ("feed_forward_length", gguf.FeedForwardLength),
                ("vocabulary_size", gguf.VocabularySize),
                ("tokenizer", gguf.TryGetString("tokenizer.ggml.model", out var tokenizer) ? tokenizer : null),
                ("chat_template", gguf.ChatTemplate is { } t ? (t.Length > 60 ? t[..60].ReplaceLineEndings(" ") + "…" : t) : null),
                ("sha256", ModelStore.Sha256(path)),
            };
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(facts.ToDictionary(f => f.Key, f => f.Value)));
                return Task.FromResult(0);
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
            foreach (var (key, value) in facts)
            {
                table.AddRow(key, Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-"));
            }

            AnsiConsole.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Random()
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the GGUF file.", Required = true };
        var architecture = new Option<string>("--arch") { Description = "llama or qwen2.", DefaultValueFactory = _ => "llama" };
        architecture.AcceptOnlyFromAmong("llama", "qwen2");
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => 2 };
        var dim = new Option<int>("--dim") { Description = "Embedding width.", DefaultValueFactory = _ => 64 };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => 4 };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "Key/value heads (grouped-query attention); default = heads." };
        var ff = new Option<int?>("--ff") { Description = "Feed-forward width; default ≈ 2.7 × dim rounded to 32." };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => 4096 };
        var context = new Option<int>("--ctx") { Description = "Training context length written to the header.", DefaultValueFactory = _ => 2048 };
        var ftype = new Option<string>("--ftype") { Description = "f32 or f16.", DefaultValueFactory = _ => "f32" };
        ftype.AcceptOnlyFromAmong("f32", "f16");
        var seed = new Option<int>("--seed") { Description = "Weight seed (same seed → identical file).", DefaultValueFactory = _ => 1 };
        var command = new Command("random", "Write a llama-architecture GGUF with random weights (tests and benchmarks).")
        {
            output, architecture, layers, dim, heads, kvHeads, ff, vocab, context, ftype, seed,
        };
        command.SetAction((parse, _) => CommandErrors.Guard(() =>
        {
            var width = parse.GetValue(dim);
            var options = new RandomLlamaModelOptions
            {
                Architecture = parse.GetValue(architecture)!,
                Layers = parse.GetValue(layers),
                EmbeddingLength = width,
                HeadCount = parse.GetValue(heads),
                HeadCountKv = parse.GetValue(kvHeads) ?? parse.GetValue(heads),
                FeedForwardLength = parse.GetValue(ff) ?? Math.Max(32, (int)Math.Round(width * 8.0 / 3 / 32) * 32),
                VocabularySize = parse.GetValue(vocab),
                ContextLength = parse.GetValue(context),
                FileType = parse.GetValue(ftype) == "f16" ? GgmlType.F16 : GgmlType.F32,
                Seed = parse.GetValue(seed),
            };
            var path = parse.GetValue(output)!.FullName;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("writing " + Path.GetFileName(path), maxValue: 1.0);
                    RandomLlamaModelWriter.Write(path, options, new Progress<double>(p => task.Value = p));
                    task.Value = 1.0;
                });
            var written = GgufFile.Read(path);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]: {written.ParameterCount:N0} parameters, {new FileInfo(path).Length / 1048576.0:F1} MiB");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the models in the local model store.");
        command.SetAction((_, _) => CommandErrors.Guard(() =>
        {
            var store = new ModelStore();
            var table = new Table().Border(TableBorder.Rounded).AddColumn("name").AddColumn("architecture").AddColumn("parameters").AddColumn("size").AddColumn("path");
            foreach (var model in store.List())
            {
                table.AddRow(Markup.Escape(model.Name), Markup.Escape(model.Architecture ?? model.Error ?? "?"), model.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
                    $"{model.SizeBytes / 1048576.0:F1} MiB", Markup.Escape(model.Path));
            }

            AnsiConsole.MarkupLine($"[grey]store:[/] {Markup.Escape(store.ModelsDirectory)}");
            AnsiConsole.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }
}
