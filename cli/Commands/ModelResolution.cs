using AgentRec.Llm.Hosting;
using AgentRec.Llm.Models;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace AgentRec.Cli.Commands;

/// <summary>Finds the model a command should use (flag, then configuration, then the default model), building the default with a progress bar.</summary>
internal static class ModelResolution
{
    public static Task<string> ResolveAsync(string? flag, CancellationToken cancellationToken)
    {
        var configured = flag ?? ConfiguredModelPath();
        var store = new ModelStore();
        if (configured is not null || File.Exists(Path.Combine(store.ModelsDirectory, ModelStore.DefaultModelName + ".gguf")))
        {
            return Task.FromResult(store.Resolve(configured));
        }

        string path = string.Empty;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask($"installing default model {ModelStore.DefaultModelName}", maxValue: 1.0);
                path = store.EnsureDefaultModel(new Progress<double>(p => task.Value = p));
                task.Value = 1.0;
            });
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(path);
    }

    private static string? ConfiguredModelPath()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration[$"{LlmOptions.SectionName}:ModelPath"] is { Length: > 0 } path ? path : null;
    }
}
