using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Offline text embeddings that need no model download: latent semantic analysis. <see cref="Fit"/> builds TF-IDF
/// vectors of a corpus (lower-case words and numbers, optional bigrams, minimum and maximum document frequency,
/// sublinear tf, smoothed idf, L2-normalised rows) and keeps the leading right singular vectors of that sparse matrix
/// (randomised SVD). A text, seen or unseen, is embedded by projecting its TF-IDF vector onto them and L2-normalising;
/// a text with no known term embeds to the zero vector. The fitted model is immutable, thread-safe, deterministic for
/// a seed, and can be saved and loaded (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
public sealed partial class TfidfSvdEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Provider name in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "agentrec-tfidf-svd";

    internal const int FormatVersion = 1;
    internal static readonly byte[] Magic = "AGRTFSVD"u8.ToArray();

    private readonly TextTokenizer _tokenizer;
    private readonly string[] _terms;
    private readonly Dictionary<string, int> _termIndex;
    private readonly float[] _idf;
    private readonly float[] _singularValues;
    private readonly float[] _projection;
    private readonly Lazy<string> _modelId;

    private TfidfSvdEmbeddingGenerator(
        string modelName, int dimensions, TextTokenizer tokenizer, bool sublinearTf, int documentCount, int seed,
        string[] terms, float[] idf, float[] singularValues, float[] projection, string? modelId)
    {
        ModelName = modelName;
        Dimensions = dimensions;
        _tokenizer = tokenizer;
        SublinearTf = sublinearTf;
        DocumentCount = documentCount;
        Seed = seed;
        _terms = terms;
        _idf = idf;
        _singularValues = singularValues;
        _projection = projection;
        _termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (int i = 0; i < terms.Length; i++)
        {
            _termIndex.Add(terms[i], i);
        }

        // The id carries a fingerprint of the fitted model, so caches keyed by it never mix two fits.
        _modelId = modelId is null ? new Lazy<string>(() => IdOf(ModelName, Dimensions, Serialize())) : new Lazy<string>(modelId);
    }

    public string ModelName { get; }

    /// <summary><c>{ModelName}-{Dimensions}d-{fingerprint}</c>; equal for a model and its saved-and-loaded copy.</summary>
    public string ModelId => _modelId.Value;

    public int Dimensions { get; }

    public int VocabularySize => _terms.Length;

    /// <summary>Documents the model was fitted on.</summary>
    public int DocumentCount { get; }

    public int Seed { get; }

    public bool SublinearTf { get; }

    public bool Bigrams => _tokenizer.Bigrams;

    /// <summary>Singular values of the TF-IDF matrix, descending; zero beyond the rank the corpus supports.</summary>
    public IReadOnlyList<float> SingularValues => _singularValues;

    /// <summary>Fits TF-IDF and the SVD on <paramref name="corpus"/> (typically one text per catalog item).</summary>
    /// <exception cref="ArgumentException">The corpus is empty, holds a null text, or no term passes the frequency limits.</exception>
    public static TfidfSvdEmbeddingGenerator Fit(
        IEnumerable<string> corpus,
        TfidfSvdOptions? options = null,
        ILogger<TfidfSvdEmbeddingGenerator>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new TfidfSvdOptions();
        options.Validate();
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        string[] texts = [.. corpus];
        if (texts.Length == 0)
        {
            throw new ArgumentException("The corpus is empty; a TF-IDF model needs at least one document.", nameof(corpus));
        }

        int nullAt = Array.FindIndex(texts, t => t is null);
        if (nullAt >= 0)
        {
            throw new ArgumentException($"Corpus document {nullAt} is null.", nameof(corpus));
        }

        var tokenizer = new TextTokenizer(options.Bigrams, options.StopWords);
        var tokens = new List<string>[texts.Length];
        Parallel.For(0, texts.Length, parallel, d => tokens[d] = tokenizer.Tokenize(texts[d]));

        string[] terms = SelectVocabulary(tokens, options, out int[] documentFrequency);
        if (terms.Length == 0)
        {
            throw new ArgumentException(
                $"No term of the {texts.Length} documents occurs in at least {options.MinDocumentFrequency} and at most " +
                $"{options.MaxDocumentFrequencyRatio:P0} of them; the corpus is too small or too uniform for these options.", nameof(corpus));
        }

        var termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (int i = 0; i < terms.Length; i++)
        {
            termIndex.Add(terms[i], i);
        }

        // Smoothed idf: as if one extra document held every term, so no term gets an infinite or zero weight.
        var idf = new float[terms.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            idf[i] = (float)(Math.Log((1.0 + texts.Length) / (1.0 + documentFrequency[i])) + 1.0);
        }

        SparseRows matrix = BuildMatrix(tokens, termIndex, idf, options.SublinearTf);
        cancellationToken.ThrowIfCancellationRequested();
        (float[] values, float[][] right) = RandomizedSvd.Compute(
            matrix, options.Dimensions, options.Oversampling, options.PowerIterations, options.Seed, parallel);

        int dimensions = options.Dimensions;
        var projection = new float[(long)terms.Length * dimensions];
        for (int c = 0; c < right.Length; c++)
        {
            float[] vector = right[c];
            for (int t = 0; t < vector.Length; t++)
            {
                projection[((long)t * dimensions) + c] = vector[t];
            }
        }

        var singular = new float[dimensions];
        values.CopyTo(singular, 0);
        var model = new TfidfSvdEmbeddingGenerator(
            options.ModelName, dimensions, tokenizer, options.SublinearTf, texts.Length, options.Seed,
            terms, idf, singular, projection, modelId: null);
        LogFitted(log, texts.Length, terms.Length, matrix.Values.Length, right.Length, dimensions, clock.Elapsed.TotalSeconds);
        return model;
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model of a supported version, or is damaged; the message names file, field and offset.</exception>
    public static TfidfSvdEmbeddingGenerator Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"TF-IDF SVD model '{full}' does not exist.", full);
        }

        byte[] data = File.ReadAllBytes(full);
        return Parse(data, full);
    }

    /// <summary>Writes the model atomically: a temp file beside <paramref name="path"/>, flushed, then renamed over it.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            byte[] payload = Serialize();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(payload);
                Span<byte> crc = stackalloc byte[sizeof(uint)];
                BinaryPrimitives.WriteUInt32LittleEndian(crc, Checksum(payload));
                stream.Write(crc);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // The original exception matters more than a leftover temp file.
            }

            throw;
        }
    }

    /// <summary>The L2-normalised embedding of one text (the zero vector when it has no known term).</summary>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        Embed(text, vector, out _);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        int width = options?.Dimensions ?? Dimensions;
        if (width < 1 || width > Dimensions)
        {
            // Components are ordered by singular value, so a prefix is itself a (smaller) LSA embedding.
            throw new ArgumentOutOfRangeException(nameof(options), width, $"This model embeds into at most {Dimensions} dimensions.");
        }

        if (options?.ModelId is { } requested && !string.Equals(requested, ModelId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Model '{requested}' was requested, but this generator is '{ModelId}'.", nameof(options));
        }

        var created = DateTimeOffset.UtcNow;
        var embeddings = new List<Embedding<float>>();
        long tokens = 0;
        int index = 0;
        foreach (string text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (text is null)
            {
                throw new ArgumentException($"Value {index} is null.", nameof(values));
            }

            var vector = new float[Dimensions];
            Embed(text, vector, out int count);
            tokens += count;
            float[] result = vector;
            if (width < Dimensions)
            {
                result = vector[..width];
                float norm = TensorPrimitives.Norm<float>(result);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(result, norm, result);
                }
            }

            embeddings.Add(new Embedding<float>(result) { ModelId = ModelId, CreatedAt = created });
            index++;
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        });
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return new EmbeddingGeneratorMetadata(ProviderName, null, ModelId, Dimensions);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the model is managed memory.</summary>
    public void Dispose()
    {
    }

    internal static uint Checksum(ReadOnlySpan<byte> data) => VectorStores.Crc32C.Append(VectorStores.Crc32C.Seed, data);

    private static string[] SelectVocabulary(List<string>[] tokens, TfidfSvdOptions options, out int[] documentFrequency)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (List<string> document in tokens)
        {
            seen.Clear();
            foreach (string token in document)
            {
                if (seen.Add(token))
                {
                    frequency[token] = frequency.GetValueOrDefault(token) + 1;
                }
            }
        }

        double maxFrequency = options.MaxDocumentFrequencyRatio * tokens.Length;
        // Most frequent first when the vocabulary must be cut; ordinal order breaks ties and fixes the final order.
        string[] terms = [.. frequency
            .Where(p => p.Value >= options.MinDocumentFrequency && p.Value <= maxFrequency)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(options.MaxVocabulary)
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal)];
        documentFrequency = [.. terms.Select(t => frequency[t])];
        return terms;
    }

    private static string IdOf(string modelName, int dimensions, ReadOnlySpan<byte> serialized) =>
        $"{modelName}-{dimensions}d-{Convert.ToHexStringLower(SHA256.HashData(serialized).AsSpan(0, 6))}";

    private static SparseRows BuildMatrix(List<string>[] tokens, Dictionary<string, int> termIndex, float[] idf, bool sublinear)
    {
        var rowStart = new int[tokens.Length + 1];
        var columns = new List<int>();
        var values = new List<float>();
        var counts = new SortedDictionary<int, int>();
        for (int d = 0; d < tokens.Length; d++)
        {
            counts.Clear();
            foreach (string token in tokens[d])
            {
                if (termIndex.TryGetValue(token, out int term))
                {
                    counts[term] = counts.GetValueOrDefault(term) + 1;
                }
            }

            int first = values.Count;
            double squares = 0;
            foreach ((int term, int count) in counts)
            {
                float weight = Weight(count, sublinear) * idf[term];
                columns.Add(term);
                values.Add(weight);
                squares += (double)weight * weight;
            }

            // L2-normalised rows: long documents do not dominate the decomposition.
            float norm = (float)Math.Sqrt(squares);
            for (int e = first; e < values.Count; e++)
            {
                values[e] /= norm;
            }

            rowStart[d + 1] = values.Count;
        }

        return new SparseRows(tokens.Length, idf.Length, rowStart, [.. columns], [.. values]);
    }

    private static float Weight(int count, bool sublinear) => sublinear ? 1f + MathF.Log(count) : count;

    private void Embed(string text, Span<float> vector, out int tokenCount)
    {
        List<string> tokens = _tokenizer.Tokenize(text);
        tokenCount = tokens.Count;
        var counts = new SortedDictionary<int, int>();
        foreach (string token in tokens)
        {
            if (_termIndex.TryGetValue(token, out int term))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        vector.Clear();
        foreach ((int term, int count) in counts)
        {
            float weight = Weight(count, SublinearTf) * _idf[term];
            TensorPrimitives.MultiplyAdd(_projection.AsSpan(term * Dimensions, Dimensions), weight, vector, vector);
        }

        float norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Everything but the trailing checksum, in the order <see cref="Parse"/> reads it.</summary>
    private byte[] Serialize()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("TF-IDF SVD model files are written on little-endian machines only.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(ModelName);
            writer.Write(Dimensions);
            writer.Write(Bigrams);
            writer.Write(SublinearTf);
            writer.Write(DocumentCount);
            writer.Write(Seed);
            IReadOnlyList<string> stopWords = _tokenizer.StopWords;
            writer.Write(stopWords.Count);
            foreach (string word in stopWords)
            {
                writer.Write(word);
            }

            writer.Write(_terms.Length);
            foreach (string term in _terms)
            {
                writer.Write(term);
            }

            writer.Write(MemoryMarshal.AsBytes(_idf.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(_singularValues.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(_projection.AsSpan()));
        }

        return buffer.ToArray();
    }

    private static TfidfSvdEmbeddingGenerator Parse(byte[] data, string path)
    {
        const int Trailer = sizeof(uint);
        if (data.Length < Magic.Length + sizeof(int) + Trailer)
        {
            throw TfidfSvdModelReader.Error(path, "header", 0, $"is missing: the file has only {data.Length} bytes");
        }

        if (!data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw TfidfSvdModelReader.Error(path, "magic", 0, $"is '{Encoding.ASCII.GetString(data, 0, Magic.Length)}', not '{Encoding.ASCII.GetString(Magic)}': this is not a TF-IDF SVD model file");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(Magic.Length));
        if (version != FormatVersion)
        {
            throw TfidfSvdModelReader.Error(path, "format version", Magic.Length, $"is {version}; this build reads version {FormatVersion}");
        }

        ReadOnlySpan<byte> payload = data.AsSpan(0, data.Length - Trailer);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - Trailer));
        uint computed = Checksum(payload);
        if (stored != computed)
        {
            throw TfidfSvdModelReader.Error(path, "checksum", data.Length - Trailer, $"is {stored:x8} but the content hashes to {computed:x8}: the file is damaged or truncated");
        }

        var reader = new TfidfSvdModelReader(payload, path, Magic.Length + sizeof(int));
        string modelName = reader.ReadString("model name");
        if (string.IsNullOrWhiteSpace(modelName))
        {
            throw reader.Error("model name", "is empty");
        }

        int dimensions = reader.ReadCount("dimensions", 1, 1 << 16);
        bool bigrams = reader.ReadFlag("bigrams flag");
        bool sublinear = reader.ReadFlag("sublinear-tf flag");
        int documents = reader.ReadCount("document count", 1, int.MaxValue);
        int seed = reader.ReadInt32("seed");
        int stopCount = reader.ReadCount("stop-word count", 0, reader.Remaining);
        var stopWords = new string[stopCount];
        for (int i = 0; i < stopCount; i++)
        {
            stopWords[i] = reader.ReadString($"stop word {i}");
        }

        int vocabulary = reader.ReadCount("vocabulary size", 1, reader.Remaining);
        var terms = new string[vocabulary];
        var distinct = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary; i++)
        {
            int at = reader.Offset;
            terms[i] = reader.ReadString($"term {i}");
            if (!distinct.Add(terms[i]))
            {
                throw TfidfSvdModelReader.Error(path, $"term {i}", at, $"'{terms[i]}' repeats an earlier term");
            }
        }

        int idfAt = reader.Offset;
        float[] idf = reader.ReadFloats(vocabulary, "idf");
        int badIdf = Array.FindIndex(idf, v => v <= 0);
        if (badIdf >= 0)
        {
            throw TfidfSvdModelReader.Error(path, $"idf[{badIdf}]", idfAt + ((long)badIdf * sizeof(float)), $"is {idf[badIdf]}; idf weights are positive");
        }

        float[] singular = reader.ReadFloats(dimensions, "singular values");
        float[] projection = reader.ReadFloats((long)vocabulary * dimensions, "projection");
        if (reader.Remaining != 0)
        {
            throw reader.Error("end of projection", $"is followed by {reader.Remaining} unexpected bytes");
        }

        return new TfidfSvdEmbeddingGenerator(
            modelName, dimensions, new TextTokenizer(bigrams, stopWords), sublinear, documents, seed,
            terms, idf, singular, projection, IdOf(modelName, dimensions, payload));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Fitted TF-IDF SVD on {Documents} documents: {Terms} terms, {NonZeros} non-zeros, {Components} of {Dimensions} components in {Seconds:F1} s")]
    private static partial void LogFitted(ILogger logger, int documents, int terms, int nonZeros, int components, int dimensions, double seconds);
}
