namespace AgentRec.Cli.Tests.TestSupport;

/// <summary>
/// Runs `agentrec` in-process with stdout and stderr captured. The console (and AGENTREC_HOME, which the CLI tests
/// set) are process-wide, so every class that uses this belongs to <see cref="Collection"/>, whose tests never run
/// in parallel.
/// </summary>
internal static class CliRunner
{
    public const string Collection = "agentrec console";

    static CliRunner()
    {
        // Spectre.Console's progress bars refresh from their own thread: give them a console that outlives every test.
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null),
            Interactive = Spectre.Console.InteractionSupport.No,
            Ansi = Spectre.Console.AnsiSupport.No,
        });
    }

    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var previousOut = Console.Out;
        var previousError = Console.Error;
        var output = new StringWriter(); // not disposed: a late write from a background thread must not crash
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var code = await AgentRecCli.RunAsync(args);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}

[CollectionDefinition(CliRunner.Collection, DisableParallelization = true)]
public sealed class CliConsoleCollection;
