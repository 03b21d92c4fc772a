using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Keeps every embedding an inner generator produces in a SQLite file keyed by (model id, requested dimensions,
/// SHA-256 of the text), so each catalog item is embedded once across runs. A call asks the inner generator only for
/// the texts not yet stored (each distinct text once) and returns results in input order. The model id comes from the
/// request options, else from <paramref name="modelId"/>, else from the inner generator's metadata; give a model id
/// that changes whenever the model does (e.g. <see cref="TfidfSvdEmbeddingGenerator.ModelId"/> carries a fingerprint).
/// </summary>
public sealed partial class CachedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private const int FormatVersion = 1;
    private const int LookupChunk = 500;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS cache_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS embeddings (
            model TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            text_hash BLOB NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, dimensions, text_hash)) WITHOUT ROWID;
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;
    private readonly string _modelId;
    private readonly ILogger _logger;
    private long _hits;
    private long _misses;

    /// <param name="innerGenerator">The generator to call on a miss.</param>
    /// <param name="databasePath">SQLite file, created with its folder when missing.</param>
    /// <param name="modelId">Cache key for the model; defaults to the inner generator's <see cref="EmbeddingGeneratorMetadata.DefaultModelId"/>.</param>
    /// <exception cref="ArgumentException">No model id is given and the inner generator reports none.</exception>
    /// <exception cref="InvalidDataException">The file is not an embedding cache of a supported version.</exception>
    public CachedEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> innerGenerator,
        string databasePath,
        string? modelId = null,
        ILogger<CachedEmbeddingGenerator>? logger = null)
        : base(innerGenerator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _modelId = modelId
            ?? innerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
            ?? throw new ArgumentException(
                "The inner generator reports no model id; pass one so that cached vectors of different models never mix.", nameof(modelId));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ConnectionString);
        try
        {
            _connection.Open();
            Initialise();
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new InvalidDataException($"Embedding cache '{_path}' cannot be opened as a SQLite database: {e.Message}", e);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Texts served from the cache since this instance was created.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Texts that had to be sent to the inner generator since this instance was created.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public string ModelId => _modelId;

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = [.. values];
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Value {i} is null.", nameof(values));
            }
        }

        string model = options?.ModelId ?? _modelId;
        int dimensions = options?.Dimensions ?? 0;
        byte[][] keys = [.. texts.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
        var results = new Embedding<float>?[texts.Length];

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Dictionary<string, float[]> stored = Lookup(model, dimensions, keys, cancellationToken);

            // Each distinct missing text goes to the inner generator once, however often it repeats in the call.
            var missing = new List<int>();
            var slotByKey = new Dictionary<string, int>(StringComparer.Ordinal);
            var slots = new int[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                string key = Convert.ToHexString(keys[i]);
                if (stored.TryGetValue(key, out float[]? vector))
                {
                    results[i] = new Embedding<float>(vector) { ModelId = model };
                    continue;
                }

                if (!slotByKey.TryGetValue(key, out int slot))
                {
                    slot = missing.Count;
                    slotByKey.Add(key, slot);
                    missing.Add(i);
                }

                slots[i] = slot;
            }

            int missCount = results.Count(r => r is null);
            Interlocked.Add(ref _hits, texts.Length - missCount);
            Interlocked.Add(ref _misses, missCount);
            if (missing.Count > 0)
            {
                GeneratedEmbeddings<Embedding<float>> generated = await base.GenerateAsync(
                    missing.Select(i => texts[i]), options, cancellationToken).ConfigureAwait(false);
                if (generated.Count != missing.Count)
                {
                    throw new InvalidOperationException(
                        $"The inner embedding generator returned {generated.Count} embeddings for {missing.Count} texts.");
                }

                Store(model, dimensions, [.. missing.Select(i => keys[i])], generated, cancellationToken);
                for (int i = 0; i < texts.Length; i++)
                {
                    results[i] ??= generated[slots[i]];
                }

                LogMisses(_logger, missing.Count, texts.Length, model);
            }
        }
        finally
        {
            _gate.Release();
        }

        return new GeneratedEmbeddings<Embedding<float>>(results.Select(r => r!));
    }

    /// <summary>Number of cached vectors (for all models).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM embeddings";
            return (long)(command.ExecuteScalar() ?? 0L);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _connection.Dispose();
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Initialise()
    {
        using (SqliteCommand pragmas = _connection.CreateCommand())
        {
            // WAL: a crash mid-write leaves the previous state; readers in other processes are not blocked.
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragmas.ExecuteNonQuery();
        }

        using (SqliteCommand create = _connection.CreateCommand())
        {
            create.CommandText = Schema;
            create.ExecuteNonQuery();
        }

        using SqliteCommand version = _connection.CreateCommand();
        version.CommandText = "SELECT value FROM cache_meta WHERE key = 'format_version'";
        if (version.ExecuteScalar() is string stored)
        {
            if (stored != FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"Embedding cache '{_path}' has format version {stored}; this build reads version {FormatVersion}.");
            }
        }
        else
        {
            version.CommandText = "INSERT INTO cache_meta (key, value) VALUES ('format_version', $v)";
            version.Parameters.AddWithValue("$v", FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            version.ExecuteNonQuery();
        }
    }

    private Dictionary<string, float[]> Lookup(string model, int dimensions, byte[][] keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int start = 0; start < keys.Length; start += LookupChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(LookupChunk, keys.Length - start);
            using SqliteCommand command = _connection.CreateCommand();
            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = "$h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(names[i], keys[start + i]);
            }

            command.CommandText = $"SELECT text_hash, vector FROM embeddings WHERE model = $model AND dimensions = $dims AND text_hash IN ({string.Join(", ", names)})";
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$dims", dimensions);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] hash = (byte[])reader[0];
                byte[] blob = (byte[])reader[1];
                if (blob.Length == 0 || blob.Length % sizeof(float) != 0)
                {
                    // A damaged row is only a lost cache entry: recompute it rather than fail the caller.
                    LogDamagedRow(_logger, _path, Convert.ToHexString(hash), blob.Length);
                    continue;
                }

                found[Convert.ToHexString(hash)] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }

        return found;
    }

    private void Store(string model, int dimensions, byte[][] keys, GeneratedEmbeddings<Embedding<float>> generated, CancellationToken cancellationToken)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using SqliteCommand insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO embeddings (model, dimensions, text_hash, vector) VALUES ($model, $dims, $hash, $vector)";
        SqliteParameter modelParameter = insert.Parameters.Add("$model", SqliteType.Text);
        SqliteParameter dimsParameter = insert.Parameters.Add("$dims", SqliteType.Integer);
        SqliteParameter hashParameter = insert.Parameters.Add("$hash", SqliteType.Blob);
        SqliteParameter vectorParameter = insert.Parameters.Add("$vector", SqliteType.Blob);
        modelParameter.Value = model;
        dimsParameter.Value = dimensions;
        for (int i = 0; i < keys.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<float> vector = generated[i].Vector.Span;
            if (vector.IsEmpty)
            {
                throw new InvalidOperationException($"The inner embedding generator returned an empty vector for text {i} of the batch.");
            }

            hashParameter.Value = keys[i];
            vectorParameter.Value = MemoryMarshal.AsBytes(vector).ToArray();
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedding cache: {Missing} of {Total} texts embedded by model {Model}")]
    private static partial void LogMisses(ILogger logger, int missing, int total, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding cache '{Path}': row {Hash} holds {Bytes} bytes, not a float vector; recomputing it")]
    private static partial void LogDamagedRow(ILogger logger, string path, string hash, int bytes);
}
