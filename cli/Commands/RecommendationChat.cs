using AgentRec.Agents;
using AgentRec.Agents.Baselines;
using AgentRec.Agents.Catalog;
using AgentRec.Agents.Defaults;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Sessions;
using AgentRec.Cli.Hosting;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Core.Data.Loaders;
using AgentRec.Llm.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>`agentrec chat`: a person talks to the recommendation agent; every turn shows the action and the real catalog items it names.</summary>
internal static class RecommendationChat
{
    public static async Task<int> RunAsync(string? model, string? catalogPath, string agentName, string? scriptPath, int seed, bool verbose, CancellationToken cancellationToken)
    {
        var cacheRoot = ModelStore.DefaultRoot();
        ItemCatalog catalog = catalogPath is null
            ? (await DefaultDataset.LoadAsync(cacheRoot, cancellationToken).ConfigureAwait(false)).Value.Catalog
            : (await UserDataLoader.LoadItemsAsync(catalogPath, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        EmbeddingCatalogSearch search = null!;
        await AnsiConsole.Status().StartAsync($"indexing {catalog.Count:N0} items", async _ =>
            search = await CatalogSearchBuilder.BuildAsync(catalog, cacheRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        Microsoft.Extensions.Hosting.IHost? host = null;
        try
        {
            IRecommenderAgent agent;
            if (agentName == "retrieval")
            {
                agent = new RetrievalOnlyAgent(search);
            }
            else if (agentName == "llm")
            {
                var modelPath = await ModelResolution.ResolveAsync(model, cancellationToken).ConfigureAwait(false);
                host = CliHost.Build(verbose, CliHost.LlmOverrides(modelPath, parallel: 1));
                agent = new LlmRecommenderAgent(host.Services.GetRequiredService<IChatClient>(), search, options: new LlmAgentOptions { Seed = seed, CatalogName = catalogPath is null ? "movies" : Path.GetFileNameWithoutExtension(catalogPath) });
            }
            else
            {
                throw new ArgumentException($"Unknown agent '{agentName}'; use llm or retrieval.");
            }

            AnsiConsole.MarkupLine($"[grey]{catalog.Count:N0} items; agent: {agent.Name}. Type what you are looking for (/exit to quit).[/]");
            var session = new AgentSession("chat");
            using var script = scriptPath is null ? null : new StreamReader(scriptPath);
            var turns = script is not null ? ConsoleChat.FromReader(script, cancellationToken)
                : Console.IsInputRedirected ? ConsoleChat.FromReader(Console.In, cancellationToken)
                : ConsoleChat.FromTerminal(cancellationToken);
            var echo = script is not null || Console.IsInputRedirected;
            var first = true;
            await foreach (var text in turns.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (text.Trim() is "/exit" or "/quit")
                {
                    break;
                }

                if (echo)
                {
                    AnsiConsole.MarkupLine($"[bold blue]you>[/] {Markup.Escape(text)}");
                }

                var action = first ? UserActionKind.Open : UserActionKind.RespondToClarification;
                first = false;
                var turn = await RespondAsync(agent, session, new UserTurn(action, text), cancellationToken).ConfigureAwait(false);
                if (turn.Items.Count > 0)
                {
                    var table = new Table().Border(TableBorder.Simple).AddColumn("id").AddColumn("title").AddColumn("year").AddColumn("about");
                    foreach (var item in turn.Items)
                    {
                        var about = string.Join(", ", item.Attributes.Take(4).Select(a => ItemAttribute.Split(a).Value));
                        table.AddRow(Markup.Escape(item.Id), Markup.Escape(item.Title ?? item.Id), item.Year?.ToString() ?? "", Markup.Escape(about));
                    }

                    AnsiConsole.Write(table);
                }
            }

            return 0;
        }
        finally
        {
            host?.Dispose();
        }
    }

    /// <summary>Prints the agent's turn, its text as the model writes it when the agent streams.</summary>
    private static async Task<AgentTurn> RespondAsync(IRecommenderAgent agent, AgentSession session, UserTurn userTurn, CancellationToken cancellationToken)
    {
        if (agent is not IStreamingRecommenderAgent streaming)
        {
            var whole = await agent.RespondAsync(session, userTurn, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"[bold green]agent>[/] {Markup.Escape(whole.Message)} [grey]({whole.Action})[/]");
            return whole;
        }

        AnsiConsole.Markup("[bold green]agent>[/] ");
        AgentTurn? turn = null;
        await foreach (var update in streaming.RespondStreamingAsync(session, userTurn, cancellationToken).ConfigureAwait(false))
        {
            if (update.TextDelta.Length > 0)
            {
                AnsiConsole.Write(new Text(update.TextDelta));
            }

            turn ??= update.Turn;
        }

        AnsiConsole.MarkupLine($" [grey]({turn!.Action})[/]");
        return turn;
    }
}
