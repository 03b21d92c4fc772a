using System.CommandLine;
using AgentRec.Cli.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec demo`: the README's first command. Runs a scripted recommendation chat on the default
/// model with no server, key, GPU or input, and prints throughput.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] Script =
    [
        "Hi! I'd like a movie for tonight.",
        "Something like The Matrix, but less violent.",
        "Great, what else would you recommend?",
    ];

    public static Command Create()
    {
        var model = CliOptions.Model();
        var seed = CliOptions.Seed();
        var maxTokens = CliOptions.MaxTokens(48);
        var command = new Command("demo", "Run a scripted recommendation chat on the default model (no input needed).") { model, seed, maxTokens };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var modelPath = await ModelResolution.ResolveAsync(parse.GetValue(model), cancellationToken).ConfigureAwait(false);
            using var host = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(modelPath, parallel: 1));
            var client = host.Services.GetRequiredService<IChatClient>();
            var metadata = client.GetService<ChatClientMetadata>();
            AnsiConsole.MarkupLine($"[grey]model:[/] {Markup.Escape(metadata?.DefaultModelId ?? "?")} [grey]({Markup.Escape(modelPath)})[/]");
            var options = new ChatOptions { MaxOutputTokens = parse.GetValue(maxTokens), Temperature = 0.7f, Seed = parse.GetValue(seed) ?? 42 };
            var statistics = await ConsoleChat.RunAsync(
                client,
                ConsoleChat.FromList(Script),
                options,
                "You are AgentRec, a movie recommendation assistant. Ask what the user likes, then recommend titles from the catalog.",
                echoUser: true,
                cancellationToken).ConfigureAwait(false);
            ConsoleChat.PrintStatistics(statistics);
            return 0;
        }));
        return command;
    }
}
