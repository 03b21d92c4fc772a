using System.CommandLine;
using AgentRec.Cli.Evaluation;

namespace AgentRec.Cli.Commands;

/// <summary>The options `simulate` and `demo` share.</summary>
internal sealed class SimulateCommandOptions
{
    private readonly Option<string> _dataset = new("--dataset") { Description = "default (shipped ReDial movies), redial, opendialkg, ml-100k, beauty, toys or yelp.", DefaultValueFactory = _ => EvaluationSetup.DefaultDataset };
    private readonly Option<string?> _dataRoot = new("--data-root") { Description = "Folder holding the datasets (e.g. ../shared/data); not needed for the default dataset." };
    private readonly Option<int> _users = new("--users") { Description = "Simulated users.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _turns = new("--turns") { Description = "Most agent turns per session.", DefaultValueFactory = _ => 5 };
    private readonly Option<string[]> _agents = new("--agent") { Description = "Agents to evaluate: llm, retrieval, popularity, sequential (repeatable).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of user sampling, simulator and agent sampling.", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _parallel = new("--parallel") { Description = "Sessions at once (sharing the model through batching).", DefaultValueFactory = _ => 16 };
    private readonly Option<int> _k = new("--k") { Description = "Recall@k cut-off.", DefaultValueFactory = _ => 5 };
    private readonly Option<string?> _model = CliOptions.Model();
    private readonly Option<string?> _store = new("--store") { Description = "SQLite file of runs (default: runs.db in the AgentRec folder)." };
    private readonly Option<string?> _runId = new("--run-id") { Description = "Run id prefix (default: dataset-agent-seed-users-turns; the same id resumes a run)." };
    private readonly Option<string?> _out = new("--out") { Description = "Folder for report.md, report.json and plots." };
    private readonly Option<bool> _json = CliOptions.Json();
    private readonly Option<string?> _historyModel = new("--history-model") { Description = "sasrec, cl4srec or sracl: a sequential model over the user's history, for the llm agent's history tool and the sequential agent (default sasrec for it); sequence datasets only." };
    private readonly Option<int> _historySeed = new("--history-seed") { Description = "Training seed of the history model (separate from --seed, so every simulation seed uses the same model).", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _historyCheckpoint = new("--history-checkpoint") { Description = "Checkpoint of the history model: trained there (resumably) if it is not finished, reused if it is (default: seq/DATASET-MODEL-sHISTORYSEED.ckpt in the AgentRec folder)." };
    private string[] _defaultAgents = [];

    public void AddTo(Command command, string[] defaultAgents, int? defaultUsers = null)
    {
        _defaultAgents = defaultAgents;
        if (defaultUsers is { } users)
        {
            _users.DefaultValueFactory = _ => users;
        }

        foreach (var option in new Option[] { _dataset, _dataRoot, _users, _turns, _agents, _seed, _parallel, _k, _model, _store, _runId, _out, _json, _historyModel, _historyCheckpoint, _historySeed })
        {
            command.Options.Add(option);
        }
    }

    public SimulateSettings Read(ParseResult parse) => new(
        parse.GetValue(_dataset)!,
        parse.GetValue(_dataRoot),
        parse.GetValue(_users),
        parse.GetValue(_turns),
        parse.GetValue(_agents) is { Length: > 0 } agents ? agents : _defaultAgents,
        parse.GetValue(_seed),
        parse.GetValue(_parallel),
        parse.GetValue(_k),
        parse.GetValue(_model),
        parse.GetValue(_store),
        parse.GetValue(_runId),
        parse.GetValue(_out),
        parse.GetValue(_json),
        parse.GetValue(CliOptions.Verbose),
        parse.GetValue(_historyModel),
        parse.GetValue(_historyCheckpoint),
        parse.GetValue(_historySeed));
}
