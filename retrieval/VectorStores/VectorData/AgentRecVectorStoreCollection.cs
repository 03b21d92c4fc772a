using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

// See AgentRecModelBuilder: the experimental ProviderServices toolkit is used on purpose, and none of it is public here.
#pragma warning disable MEVD9001

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// A <c>Microsoft.Extensions.VectorData</c> collection over an AgentRec <see cref="IVectorIndex"/>. Records are mapped
/// through the abstraction's attributes or record definition: the key (string, Guid, int or long) becomes the index id,
/// the single vector property the vector, and each data property a payload field named by its storage name. LINQ
/// filters become <see cref="VectorFilter"/>s (see <see cref="VectorFilterTranslator"/> for what is supported).
/// Beyond the abstraction it offers <see cref="SearchBatchAsync{TInput}"/>, <see cref="CountAsync"/>,
/// <see cref="SnapshotAsync"/> and <see cref="RestoreAsync"/>.
/// </summary>
/// <remarks>
/// Scores follow the vector property's distance function: similarities (cosine, dot product) are higher-is-better,
/// distances (cosine distance, negative dot product, Euclidean and squared Euclidean distance) lower-is-better.
/// Cosine indexes store unit-normalised vectors, so <c>IncludeVectors</c> returns the normalised vector.
/// Data operations on a collection that does not exist throw <see cref="VectorStoreException"/>.
/// </remarks>
public sealed class AgentRecVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private static readonly VectorSearchOptions<TRecord> DefaultSearchOptions = new();

    private readonly IVectorIndexBackend backend;
    private readonly IVectorIndex? wrappedIndex;
    private readonly CollectionModel model;
    private readonly RecordMapper mapper;
    private readonly ScoreScale scale;
    private readonly VectorIndexSpec spec;
    private readonly VectorStoreCollectionMetadata metadata;
    private readonly ILogger logger;

    /// <summary>
    /// A collection over an index the caller owns (and disposes). It always exists; deleting or restoring it goes
    /// through the index's owner. Any <see cref="IVectorIndex"/> works, <see cref="QdrantVectorIndex"/> included.
    /// </summary>
    public AgentRecVectorStoreCollection(IVectorIndex index, AgentRecCollectionOptions? options = null)
        : this(
            (index ?? throw new ArgumentNullException(nameof(index))).Name,
            new FixedIndexBackend(index),
            options?.Definition,
            options?.EmbeddingGenerator,
            logger: null)
    {
        wrappedIndex = index;
        CheckMatches(index);
    }

    internal AgentRecVectorStoreCollection(
        string name,
        IVectorIndexBackend backend,
        VectorStoreCollectionDefinition? definition,
        IEmbeddingGenerator? embeddingGenerator,
        ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(backend);
        bool dictionaryRecords = typeof(TRecord) == typeof(Dictionary<string, object?>);
        model = dictionaryRecords
            ? AgentRecModelBuilder.BuildDictionary(
                definition ?? throw new ArgumentException($"Collection '{name}' has dictionary records, so it needs a record definition.", nameof(definition)),
                embeddingGenerator)
            : AgentRecModelBuilder.BuildTyped(typeof(TRecord), typeof(TKey), definition, embeddingGenerator);

        Name = name;
        this.backend = backend;
        this.logger = logger ?? NullLogger.Instance;
        mapper = new RecordMapper(model, name, dictionaryRecords);
        VectorPropertyModel vector = mapper.Vector;
        scale = ScoreScale.For(vector.DistanceFunction, vector.ModelName);
        spec = new VectorIndexSpec(name, vector.Dimensions, scale.Metric, IndexKindOf(vector));
        metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = backend.SystemName, CollectionName = name };
    }

    public override string Name { get; }

    /// <summary>What the collection's index must be: dimensions, metric and index kind, from the record definition.</summary>
    public VectorIndexSpec IndexSpec => spec;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
        => GuardAsync("CollectionExists", () => backend.ExistsAsync(Name, cancellationToken));

    /// <summary>Creates the collection's index from the record definition, or checks that the existing one matches it.</summary>
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        IVectorIndex index = await GuardAsync("EnsureCollectionExists", () => backend.OpenOrCreateAsync(spec, cancellationToken)).ConfigureAwait(false);
        CheckMatches(index);
        VectorDataLog.CollectionReady(logger, Name, spec.Dimensions, spec.Metric, backend.SystemName);
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        bool existed = await GuardAsync("EnsureCollectionDeleted", () => backend.DeleteAsync(Name, cancellationToken)).ConfigureAwait(false);
        VectorDataLog.CollectionDeleted(logger, Name, backend.SystemName, existed);
    }

    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool includeVectors = CheckIncludeVectors(options?.IncludeVectors == true);
        string id = mapper.IdOf(key);
        IVectorIndex index = await RequireIndexAsync("Get", cancellationToken).ConfigureAwait(false);
        var found = await GuardAsync("Get", () => index.GetAsync([id], cancellationToken)).ConfigureAwait(false);
        return found.Count == 0 ? null : ToRecord(found[0], includeVectors);
    }

    /// <summary>The records with these keys, in the order asked; keys without a record are left out. One index call.</summary>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys,
        RecordRetrievalOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        bool includeVectors = CheckIncludeVectors(options?.IncludeVectors == true);
        string[] ids = keys.Select(key => mapper.IdOf(key!)).ToArray();
        if (ids.Length == 0)
        {
            yield break;
        }

        IVectorIndex index = await RequireIndexAsync("Get", cancellationToken).ConfigureAwait(false);
        var found = await GuardAsync("Get", () => index.GetAsync(ids, cancellationToken)).ConfigureAwait(false);
        foreach (VectorRecord record in found)
        {
            yield return ToRecord(record, includeVectors);
        }
    }

    /// <summary>
    /// Records passing <paramref name="filter"/>, ordered by <see cref="FilteredRecordRetrievalOptions{TRecord}.OrderBy"/>
    /// (then by id), or without it in a fixed index-defined order. An <see cref="IVectorIndex"/> has no scan, so the
    /// matching records are listed through the index's search; with <c>OrderBy</c> all of them are read, so keep such
    /// queries selective.
    /// </summary>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        bool includeVectors = CheckIncludeVectors(options.IncludeVectors);
        var orderBy = OrderingOf(options);
        FilterTerm term = Translate(filter);
        if (term.MatchesNothing)
        {
            yield break;
        }

        IVectorIndex index = await RequireIndexAsync("Get", cancellationToken).ConfigureAwait(false);
        long needed = orderBy.Count == 0 ? (long)options.Skip + top : long.MaxValue;
        var matches = await GuardAsync("Get", () => ListMatchesAsync(index, term.Filter, needed, cancellationToken)).ConfigureAwait(false);
        var records = matches.Select(match => (match.Id, Record: ToRecord(match, includeVectors))).ToList();
        if (orderBy.Count > 0)
        {
            records.Sort((a, b) => CompareRecords(orderBy, a, b));
        }

        foreach (var (_, record) in records.Skip(options.Skip).Take(top))
        {
            yield return record;
        }
    }

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <summary>Deletes the records with these keys in one index call; keys without a record are ignored.</summary>
    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        string[] ids = keys.Select(key => mapper.IdOf(key!)).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        IVectorIndex index = await RequireIndexAsync("Delete", cancellationToken).ConfigureAwait(false);
        await GuardAsync("Delete", () => index.DeleteAsync(ids, cancellationToken)).ConfigureAwait(false);
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <summary>
    /// Inserts or replaces records in one index call (for the SQLite store: one transaction). When the vector property
    /// holds embedding input, embeddings are generated for the whole batch at once. Guid keys marked auto-generated get
    /// a new Guid when empty, written back to the record.
    /// </summary>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        TRecord[] batch = records.ToArray();
        if (batch.Length == 0)
        {
            return;
        }

        int missing = Array.IndexOf(batch, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"Collection '{Name}': the record at position {missing} is null.", nameof(records));
        }

        IVectorIndex index = await RequireIndexAsync("Upsert", cancellationToken).ConfigureAwait(false);
        string[] ids = batch.Select(record => mapper.AssignId(record)).ToArray();
        ReadOnlyMemory<float>[] vectors = mapper.GeneratesEmbeddings
            ? await GenerateVectorsAsync(batch, ids, cancellationToken).ConfigureAwait(false)
            : batch.Select((record, i) => mapper.VectorOf(record, ids[i])).ToArray();
        var stored = new VectorRecord[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            stored[i] = new VectorRecord(ids[i], vectors[i], mapper.PayloadOf(batch[i], ids[i]));
        }

        await GuardAsync("Upsert", () => index.UpsertAsync(stored, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The <paramref name="top"/> records nearest to <paramref name="searchValue"/>: a vector
    /// (<c>ReadOnlyMemory&lt;float&gt;</c>, <c>float[]</c>, <c>Embedding&lt;float&gt;</c>), or any input the collection's
    /// embedding generator accepts (e.g. a string). Honours <c>Filter</c>, <c>Skip</c>, <c>IncludeVectors</c> and <c>ScoreThreshold</c>.
    /// </summary>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        options ??= DefaultSearchOptions;
        CheckSearchOptions(options);
        ReadOnlyMemory<float> query = await QueryVectorAsync(searchValue, cancellationToken).ConfigureAwait(false);
        var results = await SearchCoreAsync([query], top, options, cancellationToken).ConfigureAwait(false);
        foreach (var result in results[0])
        {
            yield return result;
        }
    }

    /// <summary>
    /// One <see cref="SearchAsync{TInput}"/> result list per input, in input order, with one index batch call (queries
    /// run in parallel) and, for inputs that need it, one embedding-generator call for the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<VectorSearchResult<TRecord>>>> SearchBatchAsync<TInput>(
        IReadOnlyList<TInput> searchValues,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValues);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        options ??= DefaultSearchOptions;
        CheckSearchOptions(options);
        if (searchValues.Count == 0)
        {
            return [];
        }

        var queries = await QueryVectorsAsync(searchValues, cancellationToken).ConfigureAwait(false);
        return await SearchCoreAsync(queries, top, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Number of records (that pass <paramref name="filter"/>, when given).</summary>
    public async Task<long> CountAsync(Expression<Func<TRecord, bool>>? filter = null, CancellationToken cancellationToken = default)
    {
        FilterTerm term = filter is null ? FilterTerm.Everything : Translate(filter);
        if (term.MatchesNothing)
        {
            return 0;
        }

        IVectorIndex index = await RequireIndexAsync("Count", cancellationToken).ConfigureAwait(false);
        return await GuardAsync("Count", () => index.CountAsync(term.Filter, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Writes a consistent copy of the collection's index to <paramref name="path"/> (see <see cref="IVectorIndex.SnapshotAsync"/>).</summary>
    public async Task SnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IVectorIndex index = await RequireIndexAsync("Snapshot", cancellationToken).ConfigureAwait(false);
        await GuardAsync("Snapshot", () => index.SnapshotAsync(path, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the collection's contents with a snapshot from <see cref="SnapshotAsync"/> (creating the collection when
    /// missing), through the store's backend. A collection made directly over an index cannot be restored here.
    /// </summary>
    public async Task RestoreAsync(string snapshotPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        IVectorIndex index = await GuardAsync("Restore", () => backend.RestoreAsync(Name, snapshotPath, cancellationToken)).ConfigureAwait(false);
        CheckMatches(index);
        VectorDataLog.CollectionRestored(logger, Name, snapshotPath);
    }

    /// <summary>
    /// Serves <see cref="VectorStoreCollectionMetadata"/>, the collection itself, the store's
    /// <see cref="IVectorIndexBackend"/>, and (for a collection made directly over one) the <see cref="IVectorIndex"/>.
    /// </summary>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(VectorStoreCollectionMetadata))
        {
            return metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        if (wrappedIndex is not null)
        {
            return serviceType.IsInstanceOfType(wrappedIndex) ? wrappedIndex : null;
        }

        return serviceType.IsInstanceOfType(backend) ? backend : null;
    }

    private static EmbeddedIndexKind? IndexKindOf(VectorPropertyModel vector) => vector.IndexKind switch
    {
        null => null,
        IndexKind.Hnsw => EmbeddedIndexKind.Hnsw,
        IndexKind.Flat => EmbeddedIndexKind.Exact,
        string other => throw new NotSupportedException(
            $"Vector property '{vector.ModelName}' asks for index kind '{other}'; AgentRec vector indexes are {IndexKind.Hnsw} or {IndexKind.Flat} (exact)."),
    };

    private static int CompareRecords(IReadOnlyList<(PropertyModel Property, bool Ascending)> orderBy, (string Id, TRecord Record) a, (string Id, TRecord Record) b)
    {
        foreach (var (property, ascending) in orderBy)
        {
            int order = CompareValues(property.GetValueAsObject(a.Record), property.GetValueAsObject(b.Record));
            if (order != 0)
            {
                return ascending ? order : -order;
            }
        }

        return string.CompareOrdinal(a.Id, b.Id);
    }

    private static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        (IComparable x, _) => x.CompareTo(b),
        _ => 0,
    };

    /// <summary>
    /// Lists up to <paramref name="needed"/> records passing <paramref name="filter"/>. The count says how many exist, and a
    /// search from a fixed probe vector with that many results returns them; an HNSW walk that falls short is repeated with a
    /// beam as wide as the index, and a result still short is an error rather than a silently partial answer.
    /// </summary>
    private async Task<IReadOnlyList<VectorRecord>> ListMatchesAsync(IVectorIndex index, VectorFilter? filter, long needed, CancellationToken cancellationToken)
    {
        if (index is QdrantVectorIndex qdrant)
        {
            var scrolled = new List<VectorRecord>();
            await foreach (VectorRecord record in qdrant.ScrollAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                scrolled.Add(record);
                if (scrolled.Count >= needed)
                {
                    break;
                }
            }

            return scrolled;
        }

        long matching = await index.CountAsync(filter, cancellationToken).ConfigureAwait(false);
        int wanted = (int)Math.Min(Math.Min(matching, needed), Array.MaxLength);
        if (wanted == 0)
        {
            return [];
        }

        var probe = new float[index.Dimensions];
        probe[0] = 1f;
        var hits = await index.SearchAsync(probe, wanted, filter, cancellationToken).ConfigureAwait(false);
        if (hits.Count < wanted)
        {
            int beam = (int)Math.Min(Math.Max(await index.CountAsync(cancellationToken: cancellationToken).ConfigureAwait(false), wanted), int.MaxValue);
            hits = index switch
            {
                HnswVectorIndex hnsw => await hnsw.SearchAsync(probe, wanted, filter, beam, cancellationToken).ConfigureAwait(false),
                EmbeddedVectorStore store => await store.SearchAsync(probe, wanted, filter, beam, cancellationToken).ConfigureAwait(false),
                _ => hits,
            };
        }

        if (hits.Count < wanted)
        {
            throw new VectorStoreException(
                $"Collection '{Name}': {matching} records match the filter, but the index search reached only {hits.Count}; it cannot list them all.")
            {
                VectorStoreSystemName = backend.SystemName,
                CollectionName = Name,
                OperationName = "Get",
            };
        }

        return await index.GetAsync(hits.Select(hit => hit.Id).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<IReadOnlyList<VectorSearchResult<TRecord>>>> SearchCoreAsync(
        IReadOnlyList<ReadOnlyMemory<float>> queries,
        int top,
        VectorSearchOptions<TRecord> options,
        CancellationToken cancellationToken)
    {
        FilterTerm term = options.Filter is null ? FilterTerm.Everything : Translate(options.Filter);
        if (term.MatchesNothing)
        {
            return queries.Select(_ => (IReadOnlyList<VectorSearchResult<TRecord>>)[]).ToArray();
        }

        IVectorIndex index = await RequireIndexAsync("Search", cancellationToken).ConfigureAwait(false);

        // Skip is paging over the ranked list, so the index is asked for the skipped results too.
        int fetch = (int)Math.Min((long)top + options.Skip, int.MaxValue);
        IReadOnlyList<IReadOnlyList<VectorMatch>> hits = queries.Count == 1
            ? [await GuardAsync("Search", () => index.SearchAsync(queries[0], fetch, term.Filter, cancellationToken)).ConfigureAwait(false)]
            : await GuardAsync("Search", () => index.SearchBatchAsync(queries, fetch, term.Filter, cancellationToken)).ConfigureAwait(false);

        double? threshold = options.ScoreThreshold;
        var pages = hits
            .Select(list => list.Skip(options.Skip).Take(top)
                .Select(match => (Match: match, Score: scale.ToScore(match.Score)))
                .Where(hit => threshold is not double limit || scale.Passes(hit.Score, limit))
                .ToArray())
            .ToArray();

        Dictionary<string, ReadOnlyMemory<float>>? vectors = null;
        if (options.IncludeVectors)
        {
            string[] ids = pages.SelectMany(page => page.Select(hit => hit.Match.Id)).Distinct(StringComparer.Ordinal).ToArray();
            var stored = await GuardAsync("Search", () => index.GetAsync(ids, cancellationToken)).ConfigureAwait(false);
            vectors = stored.ToDictionary(record => record.Id, record => record.Vector, StringComparer.Ordinal);
        }

        return pages
            .Select(page => (IReadOnlyList<VectorSearchResult<TRecord>>)page
                .Select(hit => new VectorSearchResult<TRecord>(
                    mapper.ToRecord<TRecord>(
                        hit.Match.Id,
                        hit.Match.Payload,
                        vectors is not null && vectors.TryGetValue(hit.Match.Id, out var vector) ? vector : (ReadOnlyMemory<float>?)null),
                    hit.Score))
                .ToArray())
            .ToArray();
    }

    private async ValueTask<ReadOnlyMemory<float>> QueryVectorAsync<TInput>(TInput searchValue, CancellationToken cancellationToken)
    {
        if (TryDirectVector(searchValue, out ReadOnlyMemory<float> direct))
        {
            return direct;
        }

        VectorPropertyModel vector = mapper.Vector;
        if (vector.EmbeddingGenerationDispatcher is not null)
        {
            Embedding generated = await vector.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false);
            return generated is Embedding<float> floats
                ? floats.Vector
                : throw new InvalidOperationException($"Collection '{Name}': the embedding generator returned {generated.GetType().Name}, not Embedding<float>.");
        }

        throw vector.EmbeddingGenerator is null
            ? new NotSupportedException(VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(searchValue!.GetType(), AgentRecModelBuilder.SupportedVectorTypes))
            : new InvalidOperationException(VectorDataStrings.IncompatibleEmbeddingGeneratorWasConfiguredForInputType(typeof(TInput), vector.EmbeddingGenerator.GetType()));
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> QueryVectorsAsync<TInput>(IReadOnlyList<TInput> searchValues, CancellationToken cancellationToken)
        where TInput : notnull
    {
        var queries = new ReadOnlyMemory<float>[searchValues.Count];
        bool allDirect = true;
        for (int i = 0; i < queries.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(searchValues[i], $"{nameof(searchValues)}[{i}]");
            allDirect &= TryDirectVector(searchValues[i], out queries[i]);
        }

        if (allDirect)
        {
            return queries;
        }

        // One generator call for the batch when the generator takes this input type; otherwise one call per input.
        if (mapper.Vector.EmbeddingGenerator is IEmbeddingGenerator<TInput, Embedding<float>> generator)
        {
            var generated = await generator.GenerateAsync(searchValues, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (generated.Count != queries.Length)
            {
                throw new InvalidOperationException(
                    $"Collection '{Name}': the embedding generator returned {generated.Count} embeddings for {queries.Length} search inputs.");
            }

            return generated.Select(embedding => embedding.Vector).ToArray();
        }

        for (int i = 0; i < queries.Length; i++)
        {
            queries[i] = await QueryVectorAsync(searchValues[i], cancellationToken).ConfigureAwait(false);
        }

        return queries;
    }

    private static bool TryDirectVector<TInput>(TInput value, out ReadOnlyMemory<float> vector)
    {
        switch (value)
        {
            case ReadOnlyMemory<float> memory:
                vector = memory;
                return true;
            case float[] array:
                vector = array;
                return true;
            case Embedding<float> embedding:
                vector = embedding.Vector;
                return true;
            default:
                vector = default;
                return false;
        }
    }

    private async Task<ReadOnlyMemory<float>[]> GenerateVectorsAsync(TRecord[] batch, string[] ids, CancellationToken cancellationToken)
    {
        var generated = await mapper.Vector
            .GenerateEmbeddingsAsync(batch.Select(record => mapper.EmbeddingInputOf(record)), cancellationToken)
            .ConfigureAwait(false);
        if (generated.Count != batch.Length)
        {
            throw new InvalidOperationException(
                $"Collection '{Name}': the embedding generator returned {generated.Count} embeddings for {batch.Length} records.");
        }

        return generated
            .Select((embedding, i) => embedding is Embedding<float> floats
                ? floats.Vector
                : throw new InvalidOperationException(
                    $"Collection '{Name}': the embedding generator returned {embedding.GetType().Name} for record '{ids[i]}', not Embedding<float>."))
            .ToArray();
    }

    private void CheckSearchOptions(VectorSearchOptions<TRecord> options)
    {
        CheckIncludeVectors(options.IncludeVectors);

        // Resolves (and so validates) a named vector property; there is only one.
        _ = model.GetVectorPropertyOrSingle(options);
    }

    private bool CheckIncludeVectors(bool requested) => requested && mapper.GeneratesEmbeddings
        ? throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration)
        : requested;

    private List<(PropertyModel Property, bool Ascending)> OrderingOf(FilteredRecordRetrievalOptions<TRecord> options)
    {
        var ordering = new List<(PropertyModel, bool)>();
        if (options.OrderBy is null)
        {
            return ordering;
        }

        var definition = options.OrderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition());
        foreach (var sort in definition.Values)
        {
            PropertyModel property = model.GetDataOrKeyProperty(sort.PropertySelector);
            if (AgentRecModelBuilder.IsStringList(property.Type))
            {
                throw new NotSupportedException($"Collection '{Name}': records cannot be ordered by the list property '{property.ModelName}'.");
            }

            ordering.Add((property, sort.Ascending));
        }

        return ordering;
    }

    private FilterTerm Translate(Expression<Func<TRecord, bool>> filter) => VectorFilterTranslator.Translate(filter, model, Name);

    private TRecord ToRecord(VectorRecord stored, bool includeVectors)
        => mapper.ToRecord<TRecord>(stored.Id, stored.Payload, includeVectors ? stored.Vector : (ReadOnlyMemory<float>?)null);

    private async Task<IVectorIndex> RequireIndexAsync(string operation, CancellationToken cancellationToken)
    {
        IVectorIndex index = await GuardAsync(operation, () => backend.OpenAsync(Name, cancellationToken)).ConfigureAwait(false)
            ?? throw new VectorStoreException($"Collection '{Name}' does not exist; call {nameof(EnsureCollectionExistsAsync)} first.")
            {
                VectorStoreSystemName = backend.SystemName,
                CollectionName = Name,
                OperationName = operation,
            };
        CheckMatches(index);
        return index;
    }

    private void CheckMatches(IVectorIndex index)
    {
        if (!spec.IsMetBy(index))
        {
            throw new InvalidOperationException(
                $"Collection '{Name}' holds {index.Dimensions}-dimensional {index.Metric} vectors, but {typeof(TRecord).Name} declares " +
                $"{spec.Dimensions}-dimensional vectors with distance function {scale.Function} ({spec.Metric}).");
        }
    }

    /// <summary>Runs a backend or index call; failures of the store itself (I/O, SQLite, HTTP) become <see cref="VectorStoreException"/>s.</summary>
    private async Task<T> GuardAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception failure) when (IsStoreFailure(failure))
        {
            throw Wrap(operation, failure);
        }
    }

    private async Task GuardAsync(string operation, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception failure) when (IsStoreFailure(failure))
        {
            throw Wrap(operation, failure);
        }
    }

    // Caller mistakes (arguments, unsupported requests) and cancellation pass through unchanged.
    private static bool IsStoreFailure(Exception failure)
        => failure is not (ArgumentException or OperationCanceledException or NotSupportedException or VectorStoreException);

    private VectorStoreException Wrap(string operation, Exception failure)
        => new($"{operation} on collection '{Name}' failed: {failure.Message}", failure)
        {
            VectorStoreSystemName = backend.SystemName,
            CollectionName = Name,
            OperationName = operation,
        };
}
