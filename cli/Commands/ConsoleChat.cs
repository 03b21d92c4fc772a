using System.Diagnostics;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>Runs a streamed multi-turn chat on the console, from a terminal, a pipe or a script.</summary>
internal static class ConsoleChat
{
    public sealed record TurnStatistics(int Turns, long OutputTokens, double Seconds);

    /// <summary>Plays <paramref name="userTurns"/> against the client, streaming each reply; returns totals.</summary>
    public static async Task<TurnStatistics> RunAsync(IChatClient client, IAsyncEnumerable<string> userTurns, ChatOptions options, string? systemPrompt, bool echoUser, CancellationToken cancellationToken)
    {
        var history = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(systemPrompt))
        {
            history.Add(new ChatMessage(ChatRole.System, systemPrompt));
        }

        var turns = 0;
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var line in userTurns.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text is "/exit" or "/quit")
            {
                break;
            }

            if (text == "/reset")
            {
                history.RemoveAll(m => m.Role != ChatRole.System);
                AnsiConsole.MarkupLine("[grey](conversation reset)[/]");
                continue;
            }

            if (echoUser)
            {
                AnsiConsole.MarkupLine($"[green]you>[/] {Markup.Escape(text)}");
            }

            history.Add(new ChatMessage(ChatRole.User, text));
            AnsiConsole.Markup("[blue]agent>[/] ");
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                Console.Out.Write(update.Text);
            }

            Console.Out.WriteLine();
            var response = updates.ToChatResponse();
            history.AddRange(response.Messages);
            tokens += response.Usage?.OutputTokenCount ?? 0;
            turns++;
        }

        return new TurnStatistics(turns, tokens, clock.Elapsed.TotalSeconds);
    }

    /// <summary>User turns from an interactive terminal prompt.</summary>
    public static async IAsyncEnumerable<string> FromTerminal([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AnsiConsole.MarkupLine("[grey]Type a message; /reset starts over, /exit or Ctrl-D quits.[/]");
        while (!cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.Markup("[green]you>[/] ");
            var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                yield break;
            }

            yield return line;
        }
    }

    /// <summary>User turns from a reader (a pipe or a script file), one per line.</summary>
    public static async IAsyncEnumerable<string> FromReader(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    public static async IAsyncEnumerable<string> FromList(IEnumerable<string> turns)
    {
        foreach (var turn in turns)
        {
            await Task.Yield();
            yield return turn;
        }
    }

    public static void PrintStatistics(TurnStatistics statistics)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("turns").AddColumn("output tokens").AddColumn("seconds").AddColumn("tokens/s");
        table.AddRow(
            statistics.Turns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            statistics.OutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            statistics.Seconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            (statistics.OutputTokens / Math.Max(statistics.Seconds, 1e-9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }
}
