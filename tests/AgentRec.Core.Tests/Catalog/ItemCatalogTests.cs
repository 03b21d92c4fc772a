using AgentRec.Core.Catalog;

namespace AgentRec.Core.Tests.Catalog;

public sealed class ItemCatalogTests
{
    private static readonly ItemCatalog Catalog = new([new CatalogItem("x", "X"), new CatalogItem("y"), new CatalogItem("z", "Z")]);

    [Fact]
    public void Indices_are_dense_and_one_based()
    {
        Assert.Equal(3, Catalog.Count);
        Assert.Equal(1, Catalog.GetIndex("x"));
        Assert.Equal(3, Catalog.GetIndex("z"));
        Assert.Equal("y", Catalog.ItemAt(2).Id);
        Assert.Equal("y", Catalog.Items[1].Id);
        Assert.Equal(["x", "y", "z"], Catalog.Select(i => i.Id));
        Assert.Equal(0, ItemCatalog.PaddingIndex);
    }

    [Fact]
    public void Padding_and_out_of_range_indices_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Catalog.ItemAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Catalog.ItemAt(4));
    }

    [Fact]
    public void Lookups_by_id()
    {
        Assert.True(Catalog.TryGetItem("z", out CatalogItem? z));
        Assert.Equal("Z", z.Title);
        Assert.False(Catalog.TryGetIndex("X", out _)); // ids are case-sensitive
        Assert.False(Catalog.Contains("w"));
        var error = Assert.Throws<KeyNotFoundException>(() => Catalog.GetItem("w"));
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ItemCatalog([new CatalogItem("a"), new CatalogItem("b"), new CatalogItem("a")]));
        Assert.Contains("Duplicate item id 'a' at positions 1 and 3", error.Message);
    }

    [Fact]
    public void Blank_item_id_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new CatalogItem(" "));
    }
}
