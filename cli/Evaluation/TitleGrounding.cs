using System.Numerics.Tensors;
using AgentRec.Core.Catalog;
using AgentRec.Core.NextItem;
using AgentRec.Evaluation.Ranking;
using AgentRec.Finetune.Recommendation;
using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Cli.Evaluation;

/// <summary>
/// Grounds generated titles in a catalog (BIGRec's step from free text to real items): catalog titles and each
/// generation are embedded with the offline TF-IDF + SVD embedder fitted on the catalog titles, and every item is
/// scored by cosine similarity, so the whole catalog is ranked for each generation. A generation that is exactly an
/// item's title scores that item above every cosine: that item is the nearest one by definition, but the truncated
/// SVD can blur a title's rare words until another title ties with it.
/// </summary>
internal sealed class TitleGrounding
{
    /// <summary>The cutoffs reported: HR/NDCG@1 (was the grounded item the target?) up to @20.</summary>
    public static readonly IReadOnlyList<int> Cutoffs = [1, 5, 10, 20];

    /// <summary>Above any cosine similarity (at most 1).</summary>
    private const float ExactMatchScore = 2f;

    private readonly TfidfSvdEmbeddingGenerator _embedder;
    private readonly float[][] _items;
    private readonly Dictionary<string, List<int>> _indicesByTitle;

    private TitleGrounding(ItemCatalog catalog, TfidfSvdEmbeddingGenerator embedder, float[][] items, Dictionary<string, List<int>> indicesByTitle)
    {
        Catalog = catalog;
        _embedder = embedder;
        _items = items;
        _indicesByTitle = indicesByTitle;
    }

    public ItemCatalog Catalog { get; }

    /// <summary>Fits the embedder on the catalog's titles (fixed seed: the same catalog always gives the same ranking).</summary>
    /// <exception cref="ArgumentException">The catalog is empty.</exception>
    public static TitleGrounding Fit(ItemCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Count == 0)
        {
            throw new ArgumentException("The catalog is empty: there is nothing to ground generated titles in.", nameof(catalog));
        }

        string[] titles = [.. catalog.Items.Select(i => NextTitlePrompts.OneLine(NextTitleSplits.TitleOf(i)))];
        var options = new TfidfSvdOptions
        {
            Dimensions = Math.Min(256, Math.Max(2, catalog.Count - 1)),
            // A word found in one title only is what singles that title out: keep it (the default drops it).
            MinDocumentFrequency = 1,
            Seed = 42,
        };
        var embedder = TfidfSvdEmbeddingGenerator.Fit(titles, options, cancellationToken: cancellationToken);
        float[][] items = [.. titles.Select(embedder.Embed)];
        var byTitle = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < titles.Length; i++)
        {
            if (!byTitle.TryGetValue(titles[i], out var indices))
            {
                byTitle[titles[i]] = indices = [];
            }

            indices.Add(i + 1);
        }

        return new TitleGrounding(catalog, embedder, items, byTitle);
    }

    /// <summary>Whether the generation (trimmed, whitespace collapsed) is exactly some catalog item's title.</summary>
    public bool IsCatalogTitle(string generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        return _indicesByTitle.ContainsKey(NextTitlePrompts.OneLine(generated));
    }

    /// <summary>One score per item index (entry 0 is padding): cosine to the generation, exact title matches above all.</summary>
    public float[] Scores(string generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        string line = NextTitlePrompts.OneLine(generated);
        float[] query = _embedder.Embed(line);
        var scores = new float[_items.Length + 1];
        for (int i = 0; i < _items.Length; i++)
        {
            scores[i + 1] = TensorPrimitives.Dot(query, _items[i]);
        }

        if (_indicesByTitle.TryGetValue(line, out var exact))
        {
            foreach (int index in exact)
            {
                scores[index] = ExactMatchScore;
            }
        }

        return scores;
    }

    /// <summary>
    /// Ranks each row's target among all catalog items but the row's history by the scores of its generation
    /// (<see cref="RankingMetrics.Rank"/>: pessimistic ties, so an empty or ungroundable generation ranks last).
    /// </summary>
    /// <exception cref="ArgumentException">Rows and generations differ in number, or a row names an item outside the catalog.</exception>
    /// <param name="progress">Receives the number of rows ranked so far.</param>
    public GroundedRanking Evaluate(
        IReadOnlyList<NextItemExample> rows, IReadOnlyList<string> generations, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(generations);
        if (rows.Count != generations.Count)
        {
            throw new ArgumentException($"{rows.Count} test rows but {generations.Count} generations.", nameof(generations));
        }

        var metrics = new RankingMetrics(Cutoffs);
        var ranks = new int[rows.Count];
        int exact = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = rows[r];
            int target = IndexOf(row.TargetItemId, r);
            int[] history = [.. row.HistoryItemIds.Select(id => IndexOf(id, r))];
            ranks[r] = metrics.Add(Scores(generations[r]), history, target);
            exact += IsCatalogTitle(generations[r]) ? 1 : 0;
            progress?.Report(r + 1);
        }

        return new GroundedRanking(metrics.ToReport(), rows.Count == 0 ? 0 : (double)exact / rows.Count, ranks);
    }

    private int IndexOf(string id, int row) => Catalog.TryGetIndex(id, out int index)
        ? index
        : throw new ArgumentException($"Test row {row} names item '{id}', which is not in the catalog.");
}
