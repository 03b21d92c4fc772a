using Microsoft.Data.Sqlite;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// One SQLite transaction over an index file. Nothing is visible to a later open until <see cref="Commit"/>;
/// disposing without committing rolls back, and a crash before commit is rolled back by SQLite's journal on next open.
/// </summary>
internal sealed class IndexFileWriter : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly Action<int>? afterRowWritten;
    private SqliteCommand? putRecord;
    private SqliteCommand? deleteRecord;
    private SqliteCommand? putNode;
    private SqliteCommand? putLinks;
    private int rowsWritten;
    private bool committed;

    /// <param name="afterRowWritten">Test hook called with the running row count after each row (lets tests fail a write midway).</param>
    public IndexFileWriter(SqliteConnection connection, Action<int>? afterRowWritten = null)
    {
        this.connection = connection;
        this.afterRowWritten = afterRowWritten;
        transaction = connection.BeginTransaction();
    }

    public void PutRecord(string id, ReadOnlySpan<float> vector, IReadOnlyDictionary<string, object?>? payload)
    {
        byte[] vectorBytes = BlobLayout.FromFloats(vector);
        byte[]? payloadBytes = PayloadCodec.Encode(payload);
        putRecord ??= Prepare(
            "INSERT INTO records (id, vector, payload, crc) VALUES ($id, $vector, $payload, $crc) " +
            "ON CONFLICT (id) DO UPDATE SET vector = excluded.vector, payload = excluded.payload, crc = excluded.crc",
            "$id", "$vector", "$payload", "$crc");
        Run(putRecord, id, vectorBytes, payloadBytes, (long)Crc32C.Record(id, vectorBytes, payloadBytes));
    }

    public void DeleteRecord(string id)
    {
        deleteRecord ??= Prepare("DELETE FROM records WHERE id = $id", "$id");
        Run(deleteRecord, id);
    }

    public void PutNode(int node, string id, int level, bool deleted, ReadOnlySpan<float> vector, IReadOnlyDictionary<string, object?>? payload)
    {
        byte[] vectorBytes = BlobLayout.FromFloats(vector);
        byte[]? payloadBytes = PayloadCodec.Encode(payload);
        putNode ??= Prepare(
            "INSERT OR REPLACE INTO nodes (node, id, level, deleted, vector, payload, crc) " +
            "VALUES ($node, $id, $level, $deleted, $vector, $payload, $crc)",
            "$node", "$id", "$level", "$deleted", "$vector", "$payload", "$crc");
        long crc = Crc32C.Node(node, id, level, deleted, vectorBytes, payloadBytes);
        Run(putNode, (long)node, id, (long)level, deleted ? 1L : 0L, vectorBytes, payloadBytes, crc);
    }

    public void PutLinks(int node, ReadOnlySpan<int> data)
    {
        byte[] bytes = BlobLayout.FromInts(data);
        putLinks ??= Prepare("INSERT OR REPLACE INTO links (node, data, crc) VALUES ($node, $data, $crc)", "$node", "$data", "$crc");
        Run(putLinks, (long)node, bytes, (long)Crc32C.Links(node, bytes));
    }

    /// <summary>Replaces the meta table with <paramref name="entries"/> plus their checksum.</summary>
    public void WriteMeta(IReadOnlyDictionary<string, string> entries)
    {
        using (var clear = Command("DELETE FROM meta"))
        {
            clear.ExecuteNonQuery();
        }

        using var insert = Command("INSERT INTO meta (key, value) VALUES ($key, $value)");
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Text);
        foreach (var (k, v) in entries.Append(new(IndexFile.ChecksumKey, Crc32C.Meta(entries).ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            key.Value = k;
            value.Value = v;
            insert.ExecuteNonQuery();
        }
    }

    public void Commit()
    {
        transaction.Commit();
        committed = true;
    }

    public void Dispose()
    {
        putRecord?.Dispose();
        deleteRecord?.Dispose();
        putNode?.Dispose();
        putLinks?.Dispose();
        if (!committed)
        {
            transaction.Rollback();
        }

        transaction.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = Command(sql);
        foreach (string name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void Run(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
        afterRowWritten?.Invoke(++rowsWritten);
    }
}
