using System.Diagnostics;
using System.Text.Json;

namespace AgentRec.Bench.Llm;

/// <summary>
/// Runs the peer benchmark script through node-llama-cpp 3.22.1 (same llama.cpp release, same
/// native libraries). The npm package is installed once into the AgentRec cache, not the repo.
/// </summary>
public static class NodeLlamaCppPeer
{
    public static async Task<(double PromptTokensPerSecond, double GenerationTokensPerSecond, double TokenMedianTokensPerSecond)> RunAsync(
        string modelPath, int threads, int promptTokens, int generationTokens, int repetitions, CancellationToken cancellationToken)
    {
        var directory = await EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var output = await RunProcessAsync("node", directory, cancellationToken,
            "bench.mjs", Path.GetFullPath(modelPath), threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            promptTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), generationTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'))
            ?? throw new InvalidOperationException("The node-llama-cpp peer printed no JSON result:\n" + output);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return (root.GetProperty("pp_tok_s").GetDouble(), root.GetProperty("tg_tok_s").GetDouble(), root.GetProperty("tg_token_median_tok_s").GetDouble());
    }

    private static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Peers", "node-llama-cpp");
        var target = Path.Combine(AgentRec.Llm.Models.ModelStore.DefaultRoot(), "peers", "node-llama-cpp-3.22.1");
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "package.json", "bench.mjs" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file), overwrite: true);
        }

        if (!Directory.Exists(Path.Combine(target, "node_modules", "node-llama-cpp")))
        {
            await RunProcessAsync("npm", target, cancellationToken, "install", "--no-audit", "--no-fund", "--ignore-scripts").ConfigureAwait(false);
        }

        return target;
    }

    private static async Task<string> RunProcessAsync(string fileName, string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The peer must use the prebuilt CPU binaries, never try to download or compile llama.cpp.
        start.Environment["NODE_LLAMA_CPP_SKIP_DOWNLOAD"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }
}
