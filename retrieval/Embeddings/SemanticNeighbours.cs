using System.Globalization;
using System.Numerics.Tensors;
using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.VectorStores;
using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Semantic neighbours for SRA-CL (arXiv 2503.04162): texts that describe users (summaries of their train items) and
/// items (item texts or LLM item summaries) are embedded, and each one's nearest others by cosine similarity are found
/// with an exact index, so the lists are complete and reproducible.
/// </summary>
public static class SemanticNeighbours
{
    private const int QueryChunk = 1024;

    /// <summary>Neighbours of each item; <paramref name="itemTexts"/>[i] describes the item with catalog index i + 1.</summary>
    /// <returns>An array of <c>itemTexts.Count + 1</c> lists indexed by item index; entry 0 is empty.</returns>
    public static async Task<int[][]> ForItemsAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> itemTexts,
        SemanticNeighbourOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        int[][] byPosition = await NeighboursAsync(generator, itemTexts, options, cancellationToken).ConfigureAwait(false);
        var byIndex = new int[byPosition.Length + 1][];
        byIndex[0] = [];
        for (int p = 0; p < byPosition.Length; p++)
        {
            byIndex[p + 1] = [.. byPosition[p].Select(n => n + 1)];
        }

        return byIndex;
    }

    /// <summary>Neighbours of each user, as positions in <paramref name="userTexts"/>.</summary>
    public static Task<int[][]> ForUsersAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> userTexts,
        SemanticNeighbourOptions? options = null,
        CancellationToken cancellationToken = default) =>
        NeighboursAsync(generator, userTexts, options, cancellationToken);

    /// <summary>Both neighbour sets from prepared texts (e.g. LLM item and user summaries).</summary>
    public static async Task<SemanticNeighbourSets> ComputeAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> itemTexts,
        IReadOnlyList<string> userTexts,
        SemanticNeighbourOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        int[][] items = await ForItemsAsync(generator, itemTexts, options, cancellationToken).ConfigureAwait(false);
        int[][] users = await ForUsersAsync(generator, userTexts, options, cancellationToken).ConfigureAwait(false);
        return new SemanticNeighbourSets(users, items);
    }

    /// <summary>
    /// Both neighbour sets for a catalog and the users' train sequences: item texts from <see cref="SemanticNeighbourOptions.ItemText"/>,
    /// user texts from <paramref name="summaries"/> (chat-model or deterministic summaries).
    /// </summary>
    public static async Task<SemanticNeighbourSets> ComputeAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        ItemCatalog catalog,
        IReadOnlyList<UserSequence> trainSequences,
        UserSummaryBuilder summaries,
        SemanticNeighbourOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trainSequences);
        ArgumentNullException.ThrowIfNull(summaries);
        Func<CatalogItem, string> text = options?.ItemText ?? ItemTextBuilder.Default.Build;
        string[] itemTexts = [.. catalog.Items.Select(text)];
        IReadOnlyList<string> userTexts = await summaries.SummarizeAllAsync(trainSequences, null, cancellationToken).ConfigureAwait(false);
        return await ComputeAsync(generator, itemTexts, userTexts, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int[][]> NeighboursAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> texts,
        SemanticNeighbourOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new SemanticNeighbourOptions();
        options.Validate();
        var neighbours = new int[texts.Count][];
        if (texts.Count == 0)
        {
            return neighbours;
        }

        var vectors = new ReadOnlyMemory<float>[texts.Count];
        for (int start = 0; start < texts.Count; start += options.BatchSize)
        {
            int size = Math.Min(options.BatchSize, texts.Count - start);
            var batch = new string[size];
            for (int i = 0; i < size; i++)
            {
                batch[i] = texts[start + i] ?? throw new ArgumentException($"Text {start + i} is null.", nameof(texts));
            }

            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != size)
            {
                throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} vectors for {size} texts.");
            }

            for (int i = 0; i < size; i++)
            {
                vectors[start + i] = embeddings[i].Vector;
            }
        }

        int dimensions = vectors[0].Length;
        var searchable = new List<int>(texts.Count);
        var records = new List<VectorRecord>(texts.Count);
        for (int p = 0; p < vectors.Length; p++)
        {
            if (vectors[p].Length != dimensions)
            {
                throw new InvalidOperationException($"Text {p} embedded to {vectors[p].Length} dimensions, text 0 to {dimensions}.");
            }

            neighbours[p] = [];
            float norm = TensorPrimitives.Norm(vectors[p].Span);
            if (norm > 0 && float.IsFinite(norm))
            {
                searchable.Add(p);
                records.Add(new VectorRecord(Id(p), vectors[p]));
            }
        }

        if (records.Count == 0)
        {
            return neighbours;
        }

        await using var index = new ExactVectorIndex("semantic-neighbours", dimensions, VectorMetric.Cosine);
        await index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        for (int start = 0; start < searchable.Count; start += QueryChunk)
        {
            int size = Math.Min(QueryChunk, searchable.Count - start);
            ReadOnlyMemory<float>[] queries = [.. searchable.Skip(start).Take(size).Select(p => vectors[p])];
            IReadOnlyList<IReadOnlyList<VectorMatch>> results = await index
                .SearchBatchAsync(queries, options.Count + 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int q = 0; q < size; q++)
            {
                int self = searchable[start + q];
                string selfId = Id(self);
                neighbours[self] = [.. results[q]
                    .Where(m => !string.Equals(m.Id, selfId, StringComparison.Ordinal))
                    .Take(options.Count)
                    .Select(m => int.Parse(m.Id, NumberStyles.None, CultureInfo.InvariantCulture))];
            }
        }

        return neighbours;
    }

    private static string Id(int position) => position.ToString(CultureInfo.InvariantCulture);
}
