using System.Globalization;
using System.Text;
using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Writes the short text that stands for a user in SRA-CL's semantic retrieval, from the titles and attributes of the
/// user's (train) items. With an <see cref="IChatClient"/> the model writes a preference summary of at most
/// <see cref="UserSummaryOptions.MaxWords"/> words; without one (or when it answers nothing) a deterministic summary
/// lists the most frequent attribute values per kind and the most recent titles.
/// </summary>
public sealed partial class UserSummaryBuilder
{
    private const string SystemPrompt =
        "You describe a user's tastes for a recommender system. From the items the user chose, write one short " +
        "paragraph of at most {0} words about the genres, themes, styles, brands or qualities they seem to prefer. " +
        "Plain prose only: no list, no preamble, do not repeat the item list.";

    private static readonly string[] KindOrder =
    [
        ItemAttribute.Genre, ItemAttribute.Category, ItemAttribute.Brand, ItemAttribute.Director,
        ItemAttribute.Writer, ItemAttribute.Actor, ItemAttribute.Language,
    ];

    private static readonly ItemTextBuilder PromptItemText = new(new ItemTextOptions { IncludeDescription = false, MaxValuesPerKind = 3 });

    private readonly ItemCatalog _catalog;
    private readonly IChatClient? _chatClient;
    private readonly UserSummaryOptions _options;
    private readonly ILogger _logger;

    public UserSummaryBuilder(ItemCatalog catalog, IChatClient? chatClient = null, UserSummaryOptions? options = null, ILogger<UserSummaryBuilder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options ?? new UserSummaryOptions();
        _options.Validate();
        _catalog = catalog;
        _chatClient = chatClient;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>True when summaries are written by a chat model.</summary>
    public bool UsesChatModel => _chatClient is not null;

    /// <summary>The deterministic summary of a user's items (1-based catalog indices, oldest first).</summary>
    public string Describe(IReadOnlyList<int> items)
    {
        CatalogItem[] chosen = Resolve(items);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Chose {chosen.Length} {(chosen.Length == 1 ? "item" : "items")}.");

        // Count (kind, value) over the items; the most frequent values say most about the user.
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (CatalogItem item in chosen)
        {
            foreach (string attribute in item.Attributes.Distinct(StringComparer.Ordinal))
            {
                (string? kind, string value) = ItemAttribute.Split(attribute);
                string key = kind ?? "tag";
                if (!counts.TryGetValue(key, out Dictionary<string, int>? values))
                {
                    values = new Dictionary<string, int>(StringComparer.Ordinal);
                    counts.Add(key, values);
                }

                string shown = kind == ItemAttribute.Opaque ? attribute : value.Trim();
                values[shown] = values.GetValueOrDefault(shown) + 1;
            }
        }

        IEnumerable<string> kinds = KindOrder.Where(counts.ContainsKey)
            .Concat(counts.Keys.Where(k => Array.IndexOf(KindOrder, k) < 0).Order(StringComparer.Ordinal));
        if (_options.MaxValuesPerKind > 0)
        {
            foreach (string kind in kinds)
            {
                IEnumerable<string> top = counts[kind]
                    .OrderByDescending(p => p.Value)
                    .ThenBy(p => p.Key, StringComparer.Ordinal)
                    .Take(_options.MaxValuesPerKind)
                    .Select(p => p.Value > 1 ? string.Create(CultureInfo.InvariantCulture, $"{p.Key} ({p.Value})") : p.Key);
                text.Append(' ').Append(Label(kind)).Append(": ").Append(string.Join(", ", top)).Append('.');
            }
        }

        if (_options.MaxTitles > 0 && chosen.Length > 0)
        {
            IEnumerable<string> recent = Enumerable.Reverse(chosen).Take(_options.MaxTitles)
                .Select(item => string.IsNullOrWhiteSpace(item.Title) ? $"Item {item.Id}" : item.Title.Trim());
            text.Append(" Recent: ").Append(string.Join("; ", recent)).Append('.');
        }

        return LimitWords(text.ToString(), _options.MaxWords);
    }

    /// <summary>The summary of one user: the chat model's when there is one, else <see cref="Describe"/>.</summary>
    public async Task<string> SummarizeAsync(IReadOnlyList<int> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (_chatClient is null)
        {
            return Describe(items);
        }

        CatalogItem[] chosen = Resolve(items);
        var prompt = new StringBuilder("Items this user chose, oldest first:\n");
        foreach (CatalogItem item in chosen.Skip(Math.Max(0, chosen.Length - _options.MaxPromptItems)))
        {
            prompt.Append("- ").AppendLine(PromptItemText.Build(item));
        }

        prompt.Append("Write the summary.");
        ChatMessage[] messages =
        [
            new(ChatRole.System, string.Format(CultureInfo.InvariantCulture, SystemPrompt, _options.MaxWords)),
            new(ChatRole.User, prompt.ToString()),
        ];
        ChatOptions chatOptions = _options.ChatOptions ?? new ChatOptions { Temperature = 0, MaxOutputTokens = 200 };
        ChatResponse response = await _chatClient.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        string summary = LimitWords(response.Text ?? string.Empty, _options.MaxWords);
        if (summary.Length == 0)
        {
            LogEmptyAnswer(_logger, items.Count);
            return Describe(items);
        }

        return summary;
    }

    /// <summary>One summary per sequence, in sequence order (chat requests run concurrently up to the configured limit).</summary>
    /// <param name="progress">Receives the number of summaries finished so far.</param>
    public async Task<IReadOnlyList<string>> SummarizeAllAsync(
        IReadOnlyList<UserSequence> sequences, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var summaries = new string[sequences.Count];
        int done = 0;
        if (_chatClient is null)
        {
            for (int u = 0; u < sequences.Count; u++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                summaries[u] = Describe(Items(sequences, u));
                progress?.Report(++done);
            }

            return summaries;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, sequences.Count), parallel, async (u, token) =>
        {
            summaries[u] = await SummarizeAsync(Items(sequences, u), token).ConfigureAwait(false);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);
        return summaries;
    }

    /// <summary>Keeps the first <paramref name="maxWords"/> whitespace-separated words, with whitespace collapsed.</summary>
    internal static string LimitWords(string text, int maxWords)
    {
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= maxWords ? string.Join(' ', words) : string.Join(' ', words.Take(maxWords));
    }

    private static IReadOnlyList<int> Items(IReadOnlyList<UserSequence> sequences, int position) =>
        (sequences[position] ?? throw new ArgumentException($"Sequence {position} is null.", nameof(sequences))).Items;

    private static string Label(string kind) => kind switch
    {
        ItemAttribute.Genre => "Genres",
        ItemAttribute.Category => "Categories",
        ItemAttribute.Brand => "Brands",
        ItemAttribute.Director => "Directors",
        ItemAttribute.Writer => "Writers",
        ItemAttribute.Actor => "Cast",
        ItemAttribute.Language => "Languages",
        ItemAttribute.Opaque => "Attributes",
        "tag" => "Tags",
        _ => char.ToUpperInvariant(kind[0]) + kind[1..].Replace('_', ' '),
    };

    private CatalogItem[] Resolve(IReadOnlyList<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var resolved = new CatalogItem[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            int index = items[i];
            if (index < 1 || index > _catalog.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(items), index, $"Item {i} is not a catalog index in 1..{_catalog.Count}.");
            }

            resolved[i] = _catalog.ItemAt(index);
        }

        return resolved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model wrote an empty summary for a user with {Items} items; using the deterministic summary")]
    private static partial void LogEmptyAnswer(ILogger logger, int items);
}
