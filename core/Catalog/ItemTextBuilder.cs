using System.Text;

namespace AgentRec.Core.Catalog;

/// <summary>
/// Writes one deterministic text per item for embeddings and LLM summaries:
/// <c>Title (Year). Genres: a, b. Directors: c. Description…</c>. Items without a title
/// (Beauty, Toys, Yelp) become <c>Item &lt;id&gt;. Attributes: attr:1, attr:2.</c>
/// </summary>
public sealed class ItemTextBuilder
{
    // Known kinds first, in a fixed order so the same item always gives the same text.
    private static readonly (string Kind, string Label)[] KnownKinds =
    [
        (ItemAttribute.Genre, "Genres"),
        (ItemAttribute.Category, "Categories"),
        (ItemAttribute.Brand, "Brand"),
        (ItemAttribute.Director, "Directors"),
        (ItemAttribute.Writer, "Writers"),
        (ItemAttribute.Actor, "Cast"),
        (ItemAttribute.Language, "Languages"),
    ];

    private readonly ItemTextOptions _options;

    public ItemTextBuilder(ItemTextOptions? options = null)
    {
        _options = options ?? ItemTextOptions.Default;
        if (_options.MaxDescriptionLength < 1 || _options.MaxValuesPerKind < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDescriptionLength and MaxValuesPerKind must be at least 1.");
        }
    }

    public static ItemTextBuilder Default { get; } = new();

    public string Build(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var parts = new List<string> { Head(item) };

        var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var kindOrder = new List<string>();
        var opaque = new List<string>();
        var untagged = new List<string>();
        foreach (string attribute in item.Attributes)
        {
            (string? kind, string value) = ItemAttribute.Split(attribute);
            if (kind is null)
            {
                Add(untagged, value);
            }
            else if (kind == ItemAttribute.Opaque)
            {
                // Opaque ids only mean something with their prefix, so keep the whole token.
                Add(opaque, attribute);
            }
            else
            {
                if (!byKind.TryGetValue(kind, out List<string>? values))
                {
                    values = [];
                    byKind.Add(kind, values);
                    kindOrder.Add(kind);
                }

                Add(values, value);
            }
        }

        foreach ((string kind, string label) in KnownKinds)
        {
            if (byKind.Remove(kind, out List<string>? values))
            {
                parts.Add(ListPart(label, values));
            }
        }

        foreach (string kind in kindOrder)
        {
            if (byKind.TryGetValue(kind, out List<string>? values))
            {
                parts.Add(ListPart(char.ToUpperInvariant(kind[0]) + kind[1..].Replace('_', ' '), values));
            }
        }

        if (untagged.Count > 0)
        {
            parts.Add(ListPart("Tags", untagged));
        }

        if (opaque.Count > 0)
        {
            parts.Add(ListPart("Attributes", opaque));
        }

        if (_options.IncludeDescription && !string.IsNullOrWhiteSpace(item.Description))
        {
            parts.Add(Truncate(NormalizeSpace(item.Description), _options.MaxDescriptionLength));
        }

        var text = new StringBuilder();
        foreach (string part in parts)
        {
            if (text.Length > 0)
            {
                char last = text[^1];
                text.Append(last is '.' or '!' or '?' ? " " : ". ");
            }

            text.Append(part);
        }

        char end = text[^1];
        if (end is not ('.' or '!' or '?' or '…'))
        {
            text.Append('.');
        }

        return text.ToString();
    }

    private static string Head(CatalogItem item)
    {
        string head = string.IsNullOrWhiteSpace(item.Title) ? $"Item {item.Id}" : NormalizeSpace(item.Title);
        if (item.Year is int year && !head.Contains($"({year})", StringComparison.Ordinal))
        {
            head = $"{head} ({year})";
        }

        return head;
    }

    private string ListPart(string label, List<string> values) =>
        $"{label}: {string.Join(", ", values.Take(_options.MaxValuesPerKind))}";

    private static void Add(List<string> values, string value)
    {
        string normalized = NormalizeSpace(value);
        if (normalized.Length > 0 && !values.Contains(normalized, StringComparer.Ordinal))
        {
            values.Add(normalized);
        }
    }

    private static string NormalizeSpace(string text)
    {
        var result = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', Math.Max(0, maxLength - 1));
        if (cut <= 0)
        {
            cut = maxLength;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:.".AsSpan()), "…");
    }
}
