using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// The on-disk form of an embedded index, shared by <see cref="EmbeddedVectorStore"/> files and snapshots: one SQLite
/// database with a <c>meta</c> table (kind, dimensions, metric, options, graph entry point, counts, and a checksum
/// over all of it), <c>records</c> (exact kind: id, vector, payload), or <c>nodes</c> + <c>links</c> (HNSW kind: the
/// graph as built, tombstones included, so loading never rebuilds it). Every row carries a CRC-32C that is verified on
/// load, and <c>PRAGMA quick_check</c> verifies the b-trees, so damage is reported (naming the file) instead of loading
/// partial data. Vectors and link lists are little-endian blobs.
/// </summary>
internal static class IndexFile
{
    public const string FormatName = "agentrec-vector-index";
    public const int FormatVersion = 1;
    public const string ChecksumKey = "checksum";
    public const string ExactSearchParallelismKey = "exact.search_parallelism";

    private const string FormatKey = "format";
    private const string VersionKey = "version";
    private const string KindKey = "kind";
    private const string NameKey = "name";
    private const string DimensionsKey = "dimensions";
    private const string MetricKey = "metric";
    private const string RecordsKey = "records";
    private const string HnswPrefix = "hnsw.";
    private const int CancellationCheckInterval = 4096;

    private const string Schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE records (id TEXT PRIMARY KEY NOT NULL, vector BLOB NOT NULL, payload BLOB, crc INTEGER NOT NULL);
        CREATE TABLE nodes (node INTEGER PRIMARY KEY, id TEXT NOT NULL, level INTEGER NOT NULL, deleted INTEGER NOT NULL,
                            vector BLOB NOT NULL, payload BLOB, crc INTEGER NOT NULL);
        CREATE TABLE links (node INTEGER PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL);
        """;

    public static Dictionary<string, string> CommonMeta(EmbeddedIndexKind kind, string name, int dimensions, VectorMetric metric, int records) => new(StringComparer.Ordinal)
    {
        [FormatKey] = FormatName,
        [VersionKey] = Invariant(FormatVersion),
        [KindKey] = kind.ToString(),
        [NameKey] = name,
        [DimensionsKey] = Invariant(dimensions),
        [MetricKey] = metric.ToString(),
        [RecordsKey] = Invariant(records),
    };

    public static void DescribeHnsw(Dictionary<string, string> meta, HnswOptions options, int nodes, int entry, int top)
    {
        meta[HnswPrefix + "m"] = Invariant(options.M);
        meta[HnswPrefix + "ef_construction"] = Invariant(options.EfConstruction);
        meta[HnswPrefix + "ef_search"] = Invariant(options.EfSearch);
        meta[HnswPrefix + "seed"] = Invariant(options.Seed);
        meta[HnswPrefix + "build_parallelism"] = Invariant(options.BuildParallelism);
        meta[HnswPrefix + "search_parallelism"] = Invariant(options.SearchParallelism);
        meta[HnswPrefix + "filter_exact_threshold"] = options.FilterExactThreshold.ToString("R", CultureInfo.InvariantCulture);
        meta[HnswPrefix + "nodes"] = Invariant(nodes);
        meta[HnswPrefix + "entry"] = Invariant(entry);
        meta[HnswPrefix + "top_level"] = Invariant(top);
    }

    /// <summary>
    /// Opens without connection pooling (closing really releases the file) and in exclusive locking mode (another
    /// process cannot write behind the in-memory copy's back); synchronous=FULL makes a commit durable when it returns.
    /// </summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = FULL;");
            return connection;
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            connection.Dispose();
            throw new VectorStoreCorruptException(path, e.Message, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void CreateSchema(SqliteConnection connection) => Execute(connection, Schema);

    /// <summary>
    /// Writes <paramref name="index"/> to a temp file beside <paramref name="path"/>, syncs it, then renames it to
    /// <paramref name="path"/>: a reader sees the old file or the complete new one, never a partial write.
    /// </summary>
    public static void WriteSnapshot(string path, IPersistentIndex index, CancellationToken cancellationToken, bool overwrite = true)
    {
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var connection = Open(temp, SqliteOpenMode.ReadWriteCreate))
            {
                CreateSchema(connection);
                using var writer = new IndexFileWriter(connection);
                index.WriteAll(writer);
                cancellationToken.ThrowIfCancellationRequested();
                writer.Commit();
            }

            SyncToDisk(temp);
            File.Move(temp, target, overwrite);
        }
        catch
        {
            TryDelete(temp);
            TryDelete(temp + "-journal");
            throw;
        }
    }

    /// <summary>Loads a snapshot (or store file) read-only into a new in-memory index.</summary>
    public static IPersistentIndex LoadSnapshot(string path, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Vector index snapshot '{fullPath}' does not exist.", fullPath);
        }

        using var connection = Open(fullPath, SqliteOpenMode.ReadOnly);
        return Load(connection, fullPath, cancellationToken);
    }

    /// <summary>Verifies and loads the whole file; any damage raises <see cref="VectorStoreCorruptException"/> naming <paramref name="path"/>.</summary>
    public static IPersistentIndex Load(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        try
        {
            QuickCheck(connection, path);
            var meta = ReadMeta(connection);
            string name = meta[NameKey];
            int dimensions = ParseInt(meta, DimensionsKey, min: 1);
            VectorMetric metric = ParseEnum<VectorMetric>(meta, MetricKey);
            int records = ParseInt(meta, RecordsKey, min: 0);
            return ParseEnum<EmbeddedIndexKind>(meta, KindKey) switch
            {
                EmbeddedIndexKind.Exact => LoadExact(connection, meta, name, dimensions, metric, records, cancellationToken),
                _ => LoadHnsw(connection, meta, name, dimensions, metric, records, cancellationToken),
            };
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            throw new VectorStoreCorruptException(path, e.Message, e);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new VectorStoreCorruptException(path, e.Message, e);
        }
    }

    public static void SyncToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    public static bool IsCorruption(SqliteException e) => e.SqliteErrorCode is 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */;

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static ExactVectorIndex LoadExact(SqliteConnection connection, Dictionary<string, string> meta, string name, int dimensions, VectorMetric metric, int records, CancellationToken cancellationToken)
    {
        var options = new ExactIndexOptions { SearchParallelism = ParseInt(meta, ExactSearchParallelismKey, min: 0) };
        var index = ExactVectorIndex.ForLoad(name, dimensions, metric, options, records);
        var vector = new float[dimensions];
        int rows = 0;
        using var command = Command(connection, "SELECT id, vector, payload, crc FROM records ORDER BY rowid");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (++rows % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            string id = reader.GetString(0);
            byte[] vectorBytes = Blob(reader, 1)!;
            byte[]? payloadBytes = Blob(reader, 2);
            string where = $"table 'records', id '{id}'";
            CheckVectorLength(vectorBytes, dimensions, where);
            CheckCrc(reader.GetInt64(3), Crc32C.Record(id, vectorBytes, payloadBytes), where);
            BlobLayout.ToFloats(vectorBytes, vector);
            index.LoadRecord(id, vector, DecodePayload(payloadBytes, where));
        }

        if (rows != records)
        {
            throw new InvalidDataException($"meta says {records} records but table 'records' holds {rows}");
        }

        return index;
    }

    private static HnswVectorIndex LoadHnsw(SqliteConnection connection, Dictionary<string, string> meta, string name, int dimensions, VectorMetric metric, int records, CancellationToken cancellationToken)
    {
        var options = new HnswOptions
        {
            M = ParseInt(meta, HnswPrefix + "m", min: 2),
            EfConstruction = ParseInt(meta, HnswPrefix + "ef_construction", min: 1),
            EfSearch = ParseInt(meta, HnswPrefix + "ef_search", min: 1),
            Seed = ParseInt(meta, HnswPrefix + "seed", min: int.MinValue),
            BuildParallelism = ParseInt(meta, HnswPrefix + "build_parallelism", min: 1),
            SearchParallelism = ParseInt(meta, HnswPrefix + "search_parallelism", min: 0),
            FilterExactThreshold = double.Parse(Required(meta, HnswPrefix + "filter_exact_threshold"), NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        options.Validate();
        int nodes = ParseInt(meta, HnswPrefix + "nodes", min: 0);
        int entry = ParseInt(meta, HnswPrefix + "entry", min: -1);
        int top = ParseInt(meta, HnswPrefix + "top_level", min: -1);
        var index = HnswVectorIndex.ForLoad(name, dimensions, metric, options, nodes);
        var vector = new float[dimensions];

        int rows = 0;
        using (var command = Command(connection, "SELECT node, id, level, deleted, vector, payload, crc FROM nodes ORDER BY node"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (++rows % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                long node = reader.GetInt64(0);
                string id = reader.GetString(1);
                int level = checked((int)reader.GetInt64(2));
                bool deleted = reader.GetInt64(3) != 0;
                byte[] vectorBytes = Blob(reader, 4)!;
                byte[]? payloadBytes = Blob(reader, 5);
                string where = $"table 'nodes', node {node}";
                CheckVectorLength(vectorBytes, dimensions, where);
                CheckCrc(reader.GetInt64(6), Crc32C.Node(node, id, level, deleted, vectorBytes, payloadBytes), where);
                BlobLayout.ToFloats(vectorBytes, vector);
                index.LoadNode(checked((int)node), id, level, deleted, vector, DecodePayload(payloadBytes, where));
            }
        }

        if (rows != nodes)
        {
            throw new InvalidDataException($"meta says {nodes} graph nodes but table 'nodes' holds {rows}");
        }

        int linkRows = 0;
        using (var command = Command(connection, "SELECT node, data, crc FROM links ORDER BY node"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long node = reader.GetInt64(0);
                byte[] data = Blob(reader, 1)!;
                string where = $"table 'links', node {node}";
                if (node != linkRows)
                {
                    throw new InvalidDataException($"{where}: expected the links of node {linkRows}");
                }

                if (data.Length % sizeof(int) != 0)
                {
                    throw new InvalidDataException($"{where}: {data.Length} bytes is not a whole number of links");
                }

                CheckCrc(reader.GetInt64(2), Crc32C.Links(node, data), where);
                try
                {
                    index.LoadLinks(checked((int)node), BlobLayout.ToInts(data), nodes);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{where}: {e.Message}", e);
                }

                linkRows++;
            }
        }

        if (linkRows != nodes)
        {
            throw new InvalidDataException($"table 'links' holds {linkRows} rows for {nodes} graph nodes");
        }

        index.CompleteLoad(entry, top);
        long live = index.CountAsync(cancellationToken: cancellationToken).Result;
        if (live != records)
        {
            throw new InvalidDataException($"meta says {records} live records but the nodes hold {live}");
        }

        return index;
    }

    private static void QuickCheck(SqliteConnection connection, string path)
    {
        using var command = Command(connection, "PRAGMA quick_check");
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            string line = reader.GetString(0);
            if (line != "ok")
            {
                problems.Add(line);
            }
        }

        if (problems.Count > 0)
        {
            throw new VectorStoreCorruptException(path, "SQLite integrity check failed: " + string.Join("; ", problems.Take(3)));
        }
    }

    private static Dictionary<string, string> ReadMeta(SqliteConnection connection)
    {
        using (var tables = Command(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'records', 'nodes', 'links')"))
        {
            if (Convert.ToInt64(tables.ExecuteScalar(), CultureInfo.InvariantCulture) != 4)
            {
                throw new InvalidDataException("the file is an SQLite database but lacks the vector index tables");
            }
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = Command(connection, "SELECT key, value FROM meta"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!meta.Remove(ChecksumKey, out string? stored))
        {
            throw new InvalidDataException("the meta table has no checksum (the file was never committed, or is not a vector index)");
        }

        uint computed = Crc32C.Meta(meta);
        if (stored != computed.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"meta table checksum mismatch (stored {stored}, computed {computed})");
        }

        if (Required(meta, FormatKey) != FormatName)
        {
            throw new InvalidDataException($"format is '{meta[FormatKey]}', expected '{FormatName}'");
        }

        int version = ParseInt(meta, VersionKey, min: 1);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"format version {version} is not supported by this build (it reads version {FormatVersion})");
        }

        Required(meta, NameKey);
        return meta;
    }

    private static IReadOnlyDictionary<string, object?>? DecodePayload(byte[]? bytes, string where)
    {
        try
        {
            return PayloadCodec.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }

    private static void CheckVectorLength(byte[] bytes, int dimensions, string where)
    {
        if (bytes.Length != dimensions * sizeof(float))
        {
            throw new InvalidDataException($"{where}: vector blob has {bytes.Length} bytes, expected {dimensions * sizeof(float)}");
        }
    }

    private static void CheckCrc(long stored, uint computed, string where)
    {
        if (stored != computed)
        {
            throw new InvalidDataException($"{where}: checksum mismatch (stored {stored}, computed {computed})");
        }
    }

    private static byte[]? Blob(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    private static string Required(Dictionary<string, string> meta, string key)
        => meta.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"meta entry '{key}' is missing");

    private static int ParseInt(Dictionary<string, string> meta, string key, int min)
    {
        string text = Required(meta, key);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min)
        {
            throw new InvalidDataException($"meta entry '{key}' = '{text}' is not a valid value");
        }

        return value;
    }

    private static T ParseEnum<T>(Dictionary<string, string> meta, string key)
        where T : struct, Enum
    {
        string text = Required(meta, key);
        return Enum.TryParse(text, ignoreCase: false, out T value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"meta entry '{key}' = '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
