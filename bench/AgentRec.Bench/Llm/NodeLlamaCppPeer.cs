using System.Globalization;
using System.Text.Json;

namespace AgentRec.Bench.Llm;

/// <summary>Runs the peer benchmark through node-llama-cpp 3.22.1 (same llama.cpp release, same native libraries).</summary>
public static class NodeLlamaCppPeer
{
    public static async Task<(double PromptTokensPerSecond, double GenerationTokensPerSecond, double TokenMedianTokensPerSecond)> RunAsync(
        string modelPath, int threads, int promptTokens, int generationTokens, int repetitions, CancellationToken cancellationToken)
    {
        var line = await NodePeer.RunAsync("node-llama-cpp", cancellationToken,
            Path.GetFullPath(modelPath), threads.ToString(CultureInfo.InvariantCulture), promptTokens.ToString(CultureInfo.InvariantCulture),
            generationTokens.ToString(CultureInfo.InvariantCulture), repetitions.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return (root.GetProperty("pp_tok_s").GetDouble(), root.GetProperty("tg_tok_s").GetDouble(), root.GetProperty("tg_token_median_tok_s").GetDouble());
    }
}
