namespace AgentRec.Cli.Commands;

/// <summary>Parsed options of `agentrec simulate` (and `demo`).</summary>
internal sealed record SimulateSettings(
    string Dataset,
    string? DataRoot,
    int Users,
    int Turns,
    IReadOnlyList<string> Agents,
    int Seed,
    int Parallel,
    int RecallK,
    string? Model,
    string? StorePath,
    string? RunId,
    string? OutputDirectory,
    bool Json,
    bool Verbose,
    string? HistoryModel = null,
    string? HistoryCheckpoint = null,
    int HistorySeed = 1);
