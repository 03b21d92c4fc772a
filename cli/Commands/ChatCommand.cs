using System.CommandLine;
using AgentRec.Cli.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec chat`: an interactive streamed chat; reads turns from stdin or --script when not on a terminal.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var system = new Option<string?>("--system") { Description = "System prompt." };
        var script = new Option<FileInfo?>("--script") { Description = "File with one user message per line (runs without a terminal)." };
        var maxTokens = CliOptions.MaxTokens(256);
        var temperature = CliOptions.Temperature();
        var seed = CliOptions.Seed();
        var threads = CliOptions.Threads();
        var raw = new Option<bool>("--raw") { Description = "Plain chat with the model (streamed) instead of the recommendation agent." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "Your own items (CSV or JSONL: id, title, description, attributes, year); default: the built-in ReDial movies." };
        var agentName = new Option<string>("--agent") { Description = "llm (the recommendation agent) or retrieval (no LLM).", DefaultValueFactory = _ => "llm" };
        var command = new Command("chat", "Recommendation chat over a catalog (the agent asks, searches and recommends real items); --raw for plain model chat.")
        {
            model, system, script, maxTokens, temperature, seed, threads, raw, catalog, agentName,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            if (!parse.GetValue(raw))
            {
                return await RecommendationChat.RunAsync(
                    parse.GetValue(model), parse.GetValue(catalog)?.FullName, parse.GetValue(agentName)!, parse.GetValue(script)?.FullName,
                    parse.GetValue(seed) is { } s ? (int)s : 1, parse.GetValue(CliOptions.Verbose), cancellationToken).ConfigureAwait(false);
            }

            var modelPath = await ModelResolution.ResolveAsync(parse.GetValue(model), cancellationToken).ConfigureAwait(false);
            using var host = CliHost.Build(parse.GetValue(CliOptions.Verbose), CliHost.LlmOverrides(modelPath, parse.GetValue(threads), parallel: 1));
            var client = host.Services.GetRequiredService<IChatClient>();
            var options = new ChatOptions { MaxOutputTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature), Seed = parse.GetValue(seed) };

            IAsyncEnumerable<string> turns;
            StreamReader? scriptReader = null;
            var echo = true;
            if (parse.GetValue(script) is { } scriptFile)
            {
                scriptReader = new StreamReader(scriptFile.FullName);
                turns = ConsoleChat.FromReader(scriptReader, cancellationToken);
            }
            else if (Console.IsInputRedirected)
            {
                turns = ConsoleChat.FromReader(Console.In, cancellationToken);
            }
            else
            {
                turns = ConsoleChat.FromTerminal(cancellationToken);
                echo = false;
            }

            using (scriptReader)
            {
                var statistics = await ConsoleChat.RunAsync(client, turns, options, parse.GetValue(system), echo, cancellationToken).ConfigureAwait(false);
                ConsoleChat.PrintStatistics(statistics);
            }

            return 0;
        }));
        return command;
    }
}
