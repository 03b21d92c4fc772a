using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;

namespace AgentRec.Cli.Commands;

/// <summary>Turns expected failures (bad files, bad options) into one-line errors and exit code 1.</summary>
internal static class CommandErrors
{
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            await Console.Error.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return 1;
        }
    }

    private static bool IsUserError(Exception ex) => ex is GgufFormatException or FileNotFoundException or DirectoryNotFoundException
        or ArgumentException or LlamaException or InvalidDataException or FormatException or NotSupportedException or UnauthorizedAccessException
        or IOException or System.Text.Json.JsonException or InvalidOperationException { Source: "Microsoft.Extensions.Options" }
        or AgentRec.Sequential.Training.CheckpointMismatchException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
