using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// SQLite file holding runs and their finished sessions. Each session is committed on its own, so a run killed
/// midway keeps every finished session and resumes with the rest.
/// </summary>
public sealed class SimulationRunStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public SimulationRunStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS runs (
                run_id TEXT PRIMARY KEY, agent TEXT NOT NULL, dataset TEXT NOT NULL, seed INTEGER NOT NULL,
                users INTEGER NOT NULL, max_turns INTEGER NOT NULL, recall_k INTEGER NOT NULL,
                created TEXT NOT NULL, finished TEXT NULL, statistics_json TEXT NULL);
            CREATE TABLE IF NOT EXISTS sessions (
                run_id TEXT NOT NULL REFERENCES runs(run_id), user_index INTEGER NOT NULL, user_id TEXT NOT NULL,
                target_id TEXT NOT NULL, success_turn INTEGER NULL, recall_hit INTEGER NOT NULL, agent_turns INTEGER NOT NULL,
                satisfaction_json TEXT NOT NULL, unknown_items INTEGER NOT NULL, transcript_json TEXT NOT NULL,
                PRIMARY KEY (run_id, user_index));
            """);
    }

    public string Path { get; }

    /// <summary>Creates the run, or checks that an existing run with this id has the same settings (so it can resume).</summary>
    public void BeginRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            var existing = FindRun(run.RunId);
            if (existing is null)
            {
                using var insert = Command("""
                    INSERT INTO runs (run_id, agent, dataset, seed, users, max_turns, recall_k, created)
                    VALUES ($id, $agent, $dataset, $seed, $users, $turns, $k, $created)
                    """);
                insert.Parameters.AddWithValue("$id", run.RunId);
                insert.Parameters.AddWithValue("$agent", run.Agent);
                insert.Parameters.AddWithValue("$dataset", run.Dataset);
                insert.Parameters.AddWithValue("$seed", run.Seed);
                insert.Parameters.AddWithValue("$users", run.Users);
                insert.Parameters.AddWithValue("$turns", run.MaxTurns);
                insert.Parameters.AddWithValue("$k", run.RecallK);
                insert.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                insert.ExecuteNonQuery();
            }
            else if (existing != run)
            {
                throw new InvalidOperationException(
                    $"Run '{run.RunId}' in {Path} was started with different settings ({existing}); use another run id or the same settings ({run}).");
            }
        }
    }

    public RunInfo? FindRun(string runId)
    {
        lock (_gate)
        {
            using var select = Command("SELECT run_id, agent, dataset, seed, users, max_turns, recall_k FROM runs WHERE run_id = $id");
            select.Parameters.AddWithValue("$id", runId);
            using var reader = select.ExecuteReader();
            return reader.Read()
                ? new RunInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6))
                : null;
        }
    }

    public IReadOnlyList<RunInfo> Runs()
    {
        lock (_gate)
        {
            using var select = Command("SELECT run_id, agent, dataset, seed, users, max_turns, recall_k FROM runs ORDER BY created");
            using var reader = select.ExecuteReader();
            var runs = new List<RunInfo>();
            while (reader.Read())
            {
                runs.Add(new RunInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)));
            }

            return runs;
        }
    }

    public void SaveSession(string runId, SessionResult session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            using var insert = Command("""
                INSERT OR REPLACE INTO sessions (run_id, user_index, user_id, target_id, success_turn, recall_hit, agent_turns, satisfaction_json, unknown_items, transcript_json)
                VALUES ($run, $index, $user, $target, $success, $recall, $turns, $satisfaction, $unknown, $transcript)
                """);
            insert.Parameters.AddWithValue("$run", runId);
            insert.Parameters.AddWithValue("$index", session.UserIndex);
            insert.Parameters.AddWithValue("$user", session.UserId);
            insert.Parameters.AddWithValue("$target", session.TargetId);
            insert.Parameters.AddWithValue("$success", (object?)session.SuccessTurn ?? DBNull.Value);
            insert.Parameters.AddWithValue("$recall", session.RecallHit ? 1 : 0);
            insert.Parameters.AddWithValue("$turns", session.AgentTurns);
            insert.Parameters.AddWithValue("$satisfaction", JsonSerializer.Serialize(session.Satisfaction));
            insert.Parameters.AddWithValue("$unknown", session.UnknownItemRecommendations);
            insert.Parameters.AddWithValue("$transcript", session.TranscriptJson);
            insert.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<SessionResult> Sessions(string runId)
    {
        lock (_gate)
        {
            using var select = Command("""
                SELECT user_index, user_id, target_id, success_turn, recall_hit, agent_turns, satisfaction_json, unknown_items, transcript_json
                FROM sessions WHERE run_id = $run ORDER BY user_index
                """);
            select.Parameters.AddWithValue("$run", runId);
            using var reader = select.ExecuteReader();
            var sessions = new List<SessionResult>();
            while (reader.Read())
            {
                sessions.Add(new SessionResult(
                    reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.GetInt32(4) == 1, reader.GetInt32(5), JsonSerializer.Deserialize<double[]>(reader.GetString(6)) ?? [],
                    reader.GetInt32(7), reader.GetString(8)));
            }

            return sessions;
        }
    }

    public void FinishRun(string runId, string statisticsJson)
    {
        lock (_gate)
        {
            using var update = Command("UPDATE runs SET finished = $finished, statistics_json = $stats WHERE run_id = $id");
            update.Parameters.AddWithValue("$finished", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            update.Parameters.AddWithValue("$stats", statisticsJson);
            update.Parameters.AddWithValue("$id", runId);
            update.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
