using System.Runtime.InteropServices;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Data.Sqlite;

namespace AgentRec.Retrieval.Tests.VectorStores;

/// <summary>Crash safety and corruption detection of the SQLite-backed store.</summary>
public sealed class EmbeddedVectorStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(EmbeddedIndexKind.Exact)]
    [InlineData(EmbeddedIndexKind.Hnsw)]
    public async Task WriteFailingMidway_KeepsCommittedData_InMemoryAndOnDisk(EmbeddedIndexKind kind)
    {
        string path = temp.File("store.db");
        var committed = Records(40, 8, seed: 1, prefix: "c");
        var failed = Records(30, 8, seed: 2, prefix: "f");
        float[] query = committed[3].Vector.ToArray();

        await using (var store = await CreateAsync(path, kind, 8))
        {
            await store.UpsertAsync(committed);
            var before = await store.SearchAsync(query, 5);
            store.AfterRowWrittenForTesting = rows => { if (rows == 12) { throw new IOException("disk full (simulated)"); } };

            var error = await Assert.ThrowsAsync<IOException>(() => store.UpsertAsync(failed));
            Assert.Contains("simulated", error.Message);

            // The failed batch is gone from memory too, and the store keeps working.
            Assert.Equal(40, await store.CountAsync());
            Assert.Empty(await store.GetAsync(["f0", "f29"]));
            Assert.Equal(before.Select(h => h.Id), (await store.SearchAsync(query, 5)).Select(h => h.Id));
            store.AfterRowWrittenForTesting = null;
            await store.DeleteAsync(["c0"]);
        }

        await using var reopened = await EmbeddedVectorStore.OpenAsync(path);
        Assert.Equal(39, await reopened.CountAsync());
        Assert.Empty(await reopened.GetAsync(["c0", "f0"]));
        Assert.Equal(committed[5].Vector.ToArray(), Assert.Single(await reopened.GetAsync(["c5"])).Vector.ToArray());
    }

    [Theory]
    [InlineData(EmbeddedIndexKind.Exact)]
    [InlineData(EmbeddedIndexKind.Hnsw)]
    public async Task CrashDuringCommit_RollsBackFromTheJournal_AndATornFileWithoutJournalIsRejected(EmbeddedIndexKind kind)
    {
        // Copy the files as they lie on disk in the middle of a large transaction: exactly what a crash would leave.
        string path = temp.File("store.db");
        string crashed = temp.File("crashed.db");
        string torn = temp.File("torn.db");
        byte[] committedBytes;
        await using (var store = await CreateAsync(path, kind, 128))
        {
            await store.UpsertAsync(Records(10, 128, seed: 3, prefix: "c"));
            committedBytes = await File.ReadAllBytesAsync(path);
            store.AfterRowWrittenForTesting = rows =>
            {
                if (rows == 3500)
                {
                    File.Copy(path, crashed);
                    File.Copy(path + "-journal", crashed + "-journal");
                    File.Copy(path, torn);
                    throw new IOException("power cut (simulated)");
                }
            };

            await Assert.ThrowsAsync<IOException>(() => store.UpsertAsync(Records(4000, 128, seed: 4, prefix: "n")));
        }

        // The transaction outgrew SQLite's page cache, so the database file itself already holds uncommitted pages.
        Assert.NotEqual(committedBytes, await File.ReadAllBytesAsync(crashed));

        await using (var recovered = await EmbeddedVectorStore.OpenAsync(crashed))
        {
            Assert.Equal(10, await recovered.CountAsync());
            Assert.Empty(await recovered.GetAsync(["n0"]));
        }

        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(torn));
        Assert.Equal(torn, error.FilePath);
        Assert.Contains(torn, error.Message);
    }

    [Fact]
    public async Task FlippedByteInAVector_IsDetectedByTheRowChecksum()
    {
        string path = temp.File("store.db");
        float[] marker = Enumerable.Repeat(1234.5678f, 16).ToArray();
        await using (var store = await CreateAsync(path, EmbeddedIndexKind.Exact, 16))
        {
            await store.UpsertAsync([.. Records(20, 16, seed: 5, prefix: "r"), new VectorRecord("marked", marker)]);
        }

        byte[] bytes = await File.ReadAllBytesAsync(path);
        int at = bytes.AsSpan().IndexOf(MemoryMarshal.AsBytes(marker.AsSpan()));
        Assert.True(at > 0, "the marker vector must be stored verbatim");
        bytes[at + 21] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("'marked'", error.Message);
        Assert.Contains("checksum mismatch", error.Message);
    }

    [Fact]
    public async Task TruncatedFile_IsRejected()
    {
        string path = temp.File("store.db");
        await using (var store = await CreateAsync(path, EmbeddedIndexKind.Hnsw, 32))
        {
            await store.UpsertAsync(Records(500, 32, seed: 6, prefix: "r"));
        }

        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(path));
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public async Task NotAStore_IsRejected()
    {
        string garbage = temp.File("garbage.db");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());
        string foreign = temp.File("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people (name TEXT)";
            command.ExecuteNonQuery();
        }

        Assert.Equal(garbage, (await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(garbage))).FilePath);
        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(foreign));
        Assert.Contains("lacks the vector index tables", error.Message);
    }

    [Fact]
    public async Task GraphLinkToANonexistentNode_IsRejectedEvenWithAMatchingChecksum()
    {
        string path = temp.File("store.db");
        await using (var store = await CreateAsync(path, EmbeddedIndexKind.Hnsw, 8))
        {
            await store.UpsertAsync(Records(30, 8, seed: 7, prefix: "r"));
        }

        // Rewrite node 3's links to point past the end, with a correct checksum, as a buggy writer might.
        byte[] data = BlobLayout.FromInts([1, 999]);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE nodes SET level = 0, crc = $nodeCrc WHERE node = 3; UPDATE links SET data = $data, crc = $crc WHERE node = 3";
            var (id, deleted, vector, payload) = ReadNode(connection, 3);
            command.Parameters.AddWithValue("$nodeCrc", (long)Crc32C.Node(3, id, 0, deleted, vector, payload));
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$crc", (long)Crc32C.Links(3, data));
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.OpenAsync(path));
        Assert.Contains("node 3", error.Message);
    }

    [Fact]
    public async Task CorruptSnapshot_IsRejectedBeforeItReplacesAnything()
    {
        var index = new ExactVectorIndex("items", 4, VectorMetric.Cosine);
        await index.UpsertAsync(Records(10, 4, seed: 8, prefix: "r"));
        string snapshot = temp.File("items.snapshot");
        await index.SnapshotAsync(snapshot);
        byte[] bytes = await File.ReadAllBytesAsync(snapshot);
        await File.WriteAllBytesAsync(snapshot, bytes[..(bytes.Length / 3)]);
        string target = temp.File("restored.db");

        var error = await Assert.ThrowsAsync<VectorStoreCorruptException>(() => EmbeddedVectorStore.RestoreAsync(snapshot, target));
        Assert.Equal(snapshot, error.FilePath);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
        await Assert.ThrowsAsync<VectorStoreCorruptException>(() => ExactVectorIndex.RestoreAsync(snapshot));
    }

    [Fact]
    public async Task CreateOpenAndKindChecks_FailClearly()
    {
        string path = temp.File("store.db");
        await Assert.ThrowsAsync<FileNotFoundException>(() => EmbeddedVectorStore.OpenAsync(path));
        var options = new EmbeddedVectorStoreOptions { Name = "items", Dimensions = 4, Index = EmbeddedIndexKind.Exact };
        await (await EmbeddedVectorStore.CreateAsync(path, options)).DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => EmbeddedVectorStore.CreateAsync(path, options));
        await (await EmbeddedVectorStore.OpenOrCreateAsync(path, options)).DisposeAsync();
        var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedVectorStore.OpenOrCreateAsync(path, options with { Dimensions = 8 }));
        Assert.Contains("4 dimensions", mismatch.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => HnswVectorIndex.RestoreAsync(path));
        Assert.Equal(0, await (await ExactVectorIndex.RestoreAsync(path)).CountAsync());
    }

    [Fact]
    public async Task HnswStore_ReopensTheSameGraph_WithoutRebuilding()
    {
        string path = temp.File("store.db");
        var records = Records(400, 16, seed: 9, prefix: "r");
        var queries = ReferenceSearch.RandomVectors(20, 16, seed: 10);
        string before;
        await using (var store = await CreateAsync(path, EmbeddedIndexKind.Hnsw, 16))
        {
            await store.UpsertAsync(records[..200]);
            await store.UpsertAsync(records[200..]);
            await store.DeleteAsync(records.Where((_, i) => i % 5 == 0).Select(r => r.Id).ToArray());
            before = await Answers(store, queries);
        }

        // ef = 1 makes answers depend on every link the walk follows: any difference in the graph shows.
        await using var reopened = await EmbeddedVectorStore.OpenAsync(path);
        Assert.Equal(before, await Answers(reopened, queries));
        await using var snapshotLoaded = await HnswVectorIndex.RestoreAsync(path);
        Assert.Equal(80, snapshotLoaded.TombstoneCount);

        static async Task<string> Answers(EmbeddedVectorStore store, float[][] queries)
        {
            var lines = new List<string>();
            foreach (float[] query in queries)
            {
                lines.Add(string.Join(",", (await store.SearchAsync(query, 1, null, efSearch: 1)).Select(h => h.Id)));
            }

            return string.Join("\n", lines);
        }
    }

    private static (string Id, bool Deleted, byte[] Vector, byte[]? Payload) ReadNode(SqliteConnection connection, int node)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, deleted, vector, payload FROM nodes WHERE node = {node}";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetInt64(1) != 0, reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
    }

    private static Task<EmbeddedVectorStore> CreateAsync(string path, EmbeddedIndexKind kind, int dimensions)
        => EmbeddedVectorStore.CreateAsync(path, new EmbeddedVectorStoreOptions { Name = "items", Dimensions = dimensions, Metric = VectorMetric.Euclidean, Index = kind });

    private static VectorRecord[] Records(int count, int dimensions, int seed, string prefix)
        => ReferenceSearch.RandomVectors(count, dimensions, seed)
            .Select((v, i) => new VectorRecord($"{prefix}{i}", v, new Dictionary<string, object?> { ["i"] = (long)i }))
            .ToArray();
}
