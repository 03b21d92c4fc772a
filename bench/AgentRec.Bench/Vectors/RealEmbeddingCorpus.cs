using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Dialogues;
using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Bench.Vectors;

/// <summary>
/// Real text embeddings for <see cref="VectorSearchBenchmark"/> (pass <see cref="Vectors"/> as
/// <see cref="VectorBenchmarkOptions.Data"/>): clustered, anisotropic vectors like a catalog's, unlike the default
/// random ones. Texts come from every source under the data root that has real text: ReDial plots, item texts and
/// dialogue utterances, OpenDialKG item texts and utterances, MovieLens titles with genres, Amazon Industrial and
/// Office titles and descriptions, and Amazon Video Games titles. Exact duplicates are counted once. When more texts
/// exist than asked for, a seeded random sample is taken; the <see cref="TfidfSvdEmbeddingGenerator"/> is fitted on
/// the sample. Texts that embed to the zero vector (no term frequent enough) are replaced by further sampled texts.
/// </summary>
public sealed record RealEmbeddingCorpus
{
    /// <summary>Row-major embeddings, <see cref="Count"/> × <see cref="Dimensions"/>, each L2-normalised.</summary>
    public required float[] Vectors { get; init; }

    public required int Count { get; init; }

    public required int Dimensions { get; init; }

    /// <summary>Distinct non-empty texts found under the data root (the most <see cref="Count"/> can be).</summary>
    public required int DistinctTextCount { get; init; }

    /// <summary>Distinct texts per source (a text found in two sources counts for the first).</summary>
    public required IReadOnlyDictionary<string, int> DistinctTextsBySource { get; init; }

    /// <summary>Sampled texts left out because they embedded to the zero vector.</summary>
    public required int ZeroVectorTexts { get; init; }

    public required string ModelId { get; init; }

    public required double FitSeconds { get; init; }

    /// <summary>Collects the texts under <paramref name="dataRoot"/> (the shared data folder), fits the model and embeds up to <paramref name="maxCount"/> texts.</summary>
    /// <exception cref="DirectoryNotFoundException">No source with text exists under <paramref name="dataRoot"/>.</exception>
    public static async Task<RealEmbeddingCorpus> BuildAsync(
        string dataRoot,
        int dimensions,
        int maxCount,
        int seed = 42,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);

        var texts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var bySource = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Add(string source, IEnumerable<string?> candidates)
        {
            int added = 0;
            foreach (string? candidate in candidates)
            {
                string? text = candidate?.Trim();
                if (!string.IsNullOrEmpty(text) && seen.Add(text))
                {
                    texts.Add(text);
                    added++;
                }
            }

            bySource[source] = added;
            progress?.Report($"{source}: {added} texts");
        }

        var itemText = new ItemTextBuilder(new ItemTextOptions { IncludeDescription = false });
        foreach (string name in new[] { "redial", "opendialkg" })
        {
            if (Exists(dataRoot, name))
            {
                DialogueDataset dialogues = (await DatasetRegistry.LoadDialogueDatasetAsync(name, dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                Add($"{name}-items", dialogues.Catalog.Items.Select(itemText.Build));
                if (dialogues.Catalog.Items.Any(i => i.Description is not null))
                {
                    Add($"{name}-plots", dialogues.Catalog.Items.Select(i => i.Description));
                }

                Add($"{name}-utterances", dialogues.Dialogues.SelectMany(d => d.Turns).Select(t => t.Text));
            }
        }

        if (Exists(dataRoot, "ml-100k"))
        {
            ItemCatalog movies = (await DatasetRegistry.LoadCatalogAsync("ml-100k", dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            Add("ml-100k-titles", movies.Items.Select(itemText.Build));
        }

        foreach (string name in new[] { "amazon-industrial", "amazon-office" })
        {
            if (Exists(dataRoot, name))
            {
                ItemCatalog products = (await DatasetRegistry.LoadCatalogAsync(name, dataRoot, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                Add($"{name}-titles", products.Items.Select(i => i.Title));
                Add($"{name}-descriptions", products.Items.Select(i => i.Description));
            }
        }

        string games = Path.Combine(dataRoot, "amazon-games", "id2name.txt");
        if (File.Exists(games))
        {
            // "title<TAB>id" per line.
            string[] lines = await File.ReadAllLinesAsync(games, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            Add("amazon-games-titles", lines.Select(line => line.Split('\t')[0]));
        }

        if (texts.Count == 0)
        {
            throw new DirectoryNotFoundException($"No dataset with text (redial, opendialkg, ml-100k, amazon-industrial, amazon-office, amazon-games) was found under '{dataRoot}'.");
        }

        // A seeded shuffle: the first maxCount texts are the sample, the rest replace texts that embed to zero.
        var random = new Random(seed);
        string[] order = [.. texts];
        random.Shuffle(order);
        int fitCount = Math.Min(maxCount, order.Length);
        progress?.Report($"fitting TF-IDF SVD ({dimensions} dimensions) on {fitCount} of {order.Length} texts");
        var clock = Stopwatch.StartNew();
        TfidfSvdEmbeddingGenerator model = TfidfSvdEmbeddingGenerator.Fit(
            order.Take(fitCount), new TfidfSvdOptions { Dimensions = dimensions, Seed = seed }, cancellationToken: cancellationToken);
        double fitSeconds = clock.Elapsed.TotalSeconds;

        var vectors = new float[(long)fitCount * dimensions];
        int count = 0;
        int zero = 0;
        for (int next = 0; next < order.Length && count < fitCount; next++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Span<float> row = vectors.AsSpan(count * dimensions, dimensions);
            model.Embed(order[next]).CopyTo(row);
            if (TensorPrimitives.Norm<float>(row) > 0)
            {
                count++;
            }
            else
            {
                zero++;
            }
        }

        return new RealEmbeddingCorpus
        {
            Vectors = count * dimensions == vectors.Length ? vectors : vectors[..(count * dimensions)],
            Count = count,
            Dimensions = dimensions,
            DistinctTextCount = texts.Count,
            DistinctTextsBySource = bySource,
            ZeroVectorTexts = zero,
            ModelId = model.ModelId,
            FitSeconds = fitSeconds,
        };
    }

    private static bool Exists(string dataRoot, string dataset) =>
        Directory.Exists(Path.Combine(dataRoot, DatasetRegistry.Describe(dataset).Folder));
}
