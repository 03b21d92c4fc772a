using AgentRec.Llm.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentRec.Cli.Hosting;

/// <summary>
/// The composition root of the CLI: configuration (appsettings.json beside the executable,
/// environment variables such as AgentRec__Llm__ModelPath, then command-line flags), logging to
/// stderr, and the capability services.
/// </summary>
internal static class CliHost
{
    public static IHost Build(bool verbose, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (overrides is { Count: > 0 })
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        else
        {
            // llama.cpp warns about settings that are intended here (e.g. a unified KV cache larger than the
            // training context, shared by many sequences); its errors still show.
            builder.Logging.AddFilter("llama.cpp", LogLevel.Error);
        }

        builder.Services.AddAgentRecLlm(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Configuration keys set by common flags.</summary>
    public static Dictionary<string, string?> LlmOverrides(string? modelPath, int? threads = null, int? parallel = null, int? contextSize = null)
    {
        var overrides = new Dictionary<string, string?>();
        if (modelPath is not null)
        {
            overrides[$"{LlmOptions.SectionName}:ModelPath"] = Path.GetFullPath(modelPath);
        }

        if (threads is not null)
        {
            overrides[$"{LlmOptions.SectionName}:Threads"] = threads.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (parallel is not null)
        {
            overrides[$"{LlmOptions.SectionName}:MaxParallelSequences"] = parallel.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (contextSize is not null)
        {
            overrides[$"{LlmOptions.SectionName}:ContextSize"] = contextSize.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return overrides;
    }
}
