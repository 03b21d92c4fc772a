namespace AgentRec.Core.Catalog;

/// <summary>
/// The <c>kind:value</c> convention for <see cref="CatalogItem.Attributes"/>: loaders tag each
/// attribute with its kind so that text builders and personas can group them without knowing the dataset.
/// </summary>
public static class ItemAttribute
{
    public const string Genre = "genre";
    public const string Category = "category";
    public const string Brand = "brand";
    public const string Director = "director";
    public const string Writer = "writer";
    public const string Actor = "actor";
    public const string Language = "language";

    /// <summary>Opaque attribute ids with no name table (S3-Rec <c>item2attributes</c>).</summary>
    public const string Opaque = "attr";

    public static string Create(string kind, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!IsKind(kind))
        {
            throw new ArgumentException($"Attribute kind '{kind}' must be lower-case letters, digits or '_'.", nameof(kind));
        }

        return string.Concat(kind, ":", value.Trim());
    }

    /// <summary>
    /// Splits <c>kind:value</c>. Text without a lower-case kind prefix (user data such as
    /// <c>Sci-Fi</c> or <c>Note: x</c>) has no kind and is returned whole as the value.
    /// </summary>
    public static (string? Kind, string Value) Split(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        int colon = attribute.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < attribute.Length - 1 && IsKind(attribute.AsSpan(0, colon)))
        {
            return (attribute[..colon], attribute[(colon + 1)..]);
        }

        return (null, attribute);
    }

    private static bool IsKind(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
