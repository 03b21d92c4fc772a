namespace AgentRec.Core.Catalog;

/// <summary>
/// One recommendable item as its dataset knows it.
/// </summary>
/// <param name="Id">The dataset's own id (ASIN, MovieLens id, ReDial movie id, ...); never a model index.</param>
/// <param name="Title">Display title; null where the data has none (Beauty, Toys, Yelp).</param>
/// <param name="Description">Free text (plot, product description); null where absent.</param>
public sealed record CatalogItem(string Id, string? Title = null, string? Description = null)
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(0);

    public string Id { get; init; } = !string.IsNullOrWhiteSpace(Id)
        ? Id
        : throw new ArgumentException("An item id must not be empty.", nameof(Id));

    /// <summary>
    /// Attribute tokens, by convention <c>kind:value</c> (<c>genre:Comedy</c>, <c>brand:Stanley</c>,
    /// <c>attr:123</c> for opaque ids); see <see cref="ItemAttribute"/>.
    /// </summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    public int? Year { get; init; }

    /// <summary>Dataset-specific extras (IMDb id, release date, semantic id, source index, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;
}
