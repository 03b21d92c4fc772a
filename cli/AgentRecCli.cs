using System.CommandLine;
using AgentRec.Cli.Commands;

namespace AgentRec.Cli;

/// <summary>The `agentrec` command tree. Each capability adds its commands here; the work itself lives in the libraries.</summary>
public static class AgentRecCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("AgentRec: local llama.cpp models as conversational recommendation agents.");
        root.Options.Add(CliOptions.Verbose);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ModelCommands.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ChatCommand.Create());
        root.Subcommands.Add(IndexCommand.Create());
        root.Subcommands.Add(new Command("train", "Train models.") { SequentialCommands.Train(), FinetuneCommands.Sft(), FinetuneCommands.Cft(), FinetuneCommands.Dpo(), EcpoCommand.Create(), FinetuneCommands.Nano() });
        root.Subcommands.Add(new Command("eval", "Evaluate trained models.") { SequentialCommands.Evaluate() });
        root.Subcommands.Add(SequentialCommands.Recommend());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(CollectCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(BenchCommands.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            return await parse.InvokeAsync(cancellationToken: cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
