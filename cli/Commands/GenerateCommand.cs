using System.CommandLine;
using System.Text.Json;
using AgentRec.Cli.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec generate`: one prompt in, streamed text out (optionally JSON-schema or grammar constrained).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var prompt = new Option<string>("--prompt", "-p") { Description = "The user message.", Required = true };
        var system = new Option<string?>("--system") { Description = "A system message." };
        var maxTokens = CliOptions.MaxTokens(256);
        var temperature = CliOptions.Temperature();
        var seed = CliOptions.Seed();
        var topK = new Option<int?>("--top-k") { Description = "Top-k sampling (0 = off)." };
        var topP = new Option<float?>("--top-p") { Description = "Nucleus sampling mass (1 = off)." };
        var schema = new Option<FileInfo?>("--json-schema") { Description = "JSON Schema file the output must satisfy." };
        var grammar = new Option<FileInfo?>("--grammar") { Description = "GBNF grammar file the output must follow." };
        var threads = CliOptions.Threads();

        var command = new Command("generate", "Generate a reply to one prompt and stream it to stdout.")
        {
            model, prompt, system, maxTokens, temperature, seed, topK, topP, schema, grammar, threads,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var modelPath = await ModelResolution.ResolveAsync(parse.GetValue(model), cancellationToken).ConfigureAwait(false);
            using var host = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(modelPath, parse.GetValue(threads), parallel: 1));
            var client = host.Services.GetRequiredService<IChatClient>();
            var options = new ChatOptions
            {
                MaxOutputTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
            };
            if (parse.GetValue(schema) is { } schemaFile)
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(schemaFile.FullName, cancellationToken).ConfigureAwait(false));
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(document.RootElement.Clone(), schemaName: Path.GetFileNameWithoutExtension(schemaFile.Name));
            }

            if (parse.GetValue(grammar) is { } grammarFile)
            {
                options.AdditionalProperties = new AdditionalPropertiesDictionary { ["grammar"] = await File.ReadAllTextAsync(grammarFile.FullName, cancellationToken).ConfigureAwait(false) };
            }

            var messages = new List<ChatMessage>();
            if (parse.GetValue(system) is { } systemText)
            {
                messages.Add(new ChatMessage(ChatRole.System, systemText));
            }

            messages.Add(new ChatMessage(ChatRole.User, parse.GetValue(prompt)!));
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                Console.Out.Write(update.Text);
            }

            Console.Out.WriteLine();
            return 0;
        }));
        return command;
    }
}
