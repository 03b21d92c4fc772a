using System.Diagnostics;

namespace AgentRec.Bench;

/// <summary>
/// Installs and runs a peer benchmark script (bench/AgentRec.Bench/Peers/NAME: package.json + bench.mjs) with Node.
/// The npm packages go into the AgentRec cache folder, never into the repo.
/// </summary>
internal static class NodePeer
{
    public static async Task<string> RunAsync(string peer, CancellationToken cancellationToken, params string[] arguments)
    {
        var directory = await EnsureInstalledAsync(peer, cancellationToken).ConfigureAwait(false);
        var output = await RunProcessAsync("node", directory, cancellationToken, ["bench.mjs", .. arguments]).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'))
            ?? throw new InvalidOperationException($"The {peer} peer printed no JSON result:\n{output}");
    }

    private static async Task<string> EnsureInstalledAsync(string peer, CancellationToken cancellationToken)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Peers", peer);
        var target = Path.Combine(AgentRec.Llm.Models.ModelStore.DefaultRoot(), "peers", peer);
        Directory.CreateDirectory(target);
        var manifestChanged = !File.Exists(Path.Combine(target, "package.json"))
            || File.ReadAllText(Path.Combine(target, "package.json")) != File.ReadAllText(Path.Combine(source, "package.json"));
        foreach (var file in new[] { "package.json", "bench.mjs" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file), overwrite: true);
        }

        if (manifestChanged || !Directory.Exists(Path.Combine(target, "node_modules")))
        {
            await RunProcessAsync("npm", target, cancellationToken, "install", "--no-audit", "--no-fund").ConfigureAwait(false);
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

        // Peers must use prebuilt binaries, never try to download or compile llama.cpp.
        start.Environment["NODE_LLAMA_CPP_SKIP_DOWNLOAD"] = "true";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{fileName}' is needed for peer benchmarks and could not be started ({e.Message}); install Node.js and npm.", e);
        }

        using (process)
        {
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
}
