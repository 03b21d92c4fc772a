using System.CommandLine;

namespace AgentRec.Cli.Commands;

/// <summary>
/// `agentrec demo`: the README's first command. Runs the main job end to end on the embedded defaults — the
/// shipped ReDial movie catalog, simulated users from its dialogues, the default model — with no server, key,
/// GPU, download or input, and prints the evaluation table (LLM agent vs retrieval-only vs popularity).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var options = new SimulateCommandOptions();
        var command = new Command("demo", "Simulated evaluation on the built-in movie catalog with the default model (no input needed).");
        options.AddTo(command, defaultAgents: ["llm", "retrieval", "popularity"], defaultUsers: 20);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(() => SimulateCommand.RunAsync(options.Read(parse), cancellationToken)));
        return command;
    }
}
