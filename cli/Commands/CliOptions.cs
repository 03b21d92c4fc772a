using System.CommandLine;

namespace AgentRec.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug output (including llama.cpp's) to stderr.",
        Recursive = true,
    };

    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "GGUF model file (default: AgentRec:Llm:ModelPath, else the default model).",
    };

    public static Option<int?> MaxTokens(int? defaultValue = null) => new("--max-tokens", "-n")
    {
        Description = "Most tokens to generate.",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<float?> Temperature() => new("--temperature", "-t") { Description = "Sampling temperature (0 = greedy)." };

    public static Option<long?> Seed() => new("--seed") { Description = "Random seed for sampling." };

    public static Option<int?> Threads() => new("--threads") { Description = "Generation threads (default: chosen from model size and cores)." };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON line instead of tables." };
}
