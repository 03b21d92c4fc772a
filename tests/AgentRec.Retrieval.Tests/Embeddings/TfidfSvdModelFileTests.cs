using System.Buffers.Binary;
using AgentRec.Retrieval.Embeddings;
using AgentRec.Retrieval.Tests.VectorStores;

namespace AgentRec.Retrieval.Tests.Embeddings;

/// <summary>Damaged, foreign and future model files are refused with a message naming the file and what is wrong.</summary>
public sealed class TfidfSvdModelFileTests : IDisposable
{
    // Header: magic (8 bytes), version (4), model name "tfidf-svd" (1 + 9), dimensions (4) at offset 22.
    private const int VersionOffset = 8;
    private const int DimensionsOffset = 22;

    private static readonly string[] Corpus =
    [
        "red apple pie", "green apple tart", "red cherry pie", "green pear tart", "plum cake", "plum jam", "cherry jam tart",
    ];

    private readonly TempDirectory _folder = new();
    private readonly string _path;

    public TfidfSvdModelFileTests()
    {
        _path = _folder.File("model.tfidf");
        TfidfSvdEmbeddingGenerator.Fit(Corpus, new TfidfSvdOptions { Dimensions = 4, StopWords = null }).Save(_path);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TfidfSvdEmbeddingGenerator.Load(_folder.File("absent.tfidf")));
        Assert.Contains("absent.tfidf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AForeignFileIsNotAModel()
    {
        File.WriteAllText(_path, "SQLite format 3, or anything else that is not a model");

        var error = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("not a TF-IDF SVD model file", error.Message, StringComparison.Ordinal);
        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedByteFailsTheChecksum()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        bytes[bytes.Length - 20] ^= 0x40;
        File.WriteAllBytes(_path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..(bytes.Length / 2)]);

        Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));

        File.WriteAllBytes(_path, bytes[..10]);
        var tiny = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("only 10 bytes", tiny.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFutureVersionIsNamed()
    {
        Rewrite(bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(VersionOffset), 2));

        var error = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("format version", error.Message, StringComparison.Ordinal);
        Assert.Contains("is 2; this build reads version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImpossibleFieldIsNamedWithItsOffset()
    {
        // A consistent checksum over a bad value: the field check, not the checksum, must catch it.
        Rewrite(bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(DimensionsOffset), 0));

        var error = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("dimensions at byte offset 22 is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonFiniteWeightIsNamed()
    {
        // The last float before the checksum is the final projection entry.
        Rewrite(bytes => BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 8), float.NaN));

        var error = Assert.Throws<InvalidDataException>(() => TfidfSvdEmbeddingGenerator.Load(_path));
        Assert.Contains("projection[", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavingOverAnExistingModelReplacesItWhole()
    {
        TfidfSvdEmbeddingGenerator other = TfidfSvdEmbeddingGenerator.Fit(Corpus, new TfidfSvdOptions { Dimensions = 3, StopWords = null, Seed = 9 });

        other.Save(_path);

        Assert.Equal(other.ModelId, TfidfSvdEmbeddingGenerator.Load(_path).ModelId);
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    /// <summary>Edits the payload, then writes a matching checksum so only the edit is wrong.</summary>
    private void Rewrite(Action<byte[]> edit)
    {
        byte[] bytes = File.ReadAllBytes(_path);
        edit(bytes);
        uint crc = TfidfSvdEmbeddingGenerator.Checksum(bytes.AsSpan(0, bytes.Length - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), crc);
        File.WriteAllBytes(_path, bytes);
    }
}
