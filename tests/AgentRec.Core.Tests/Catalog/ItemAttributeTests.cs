using AgentRec.Core.Catalog;

namespace AgentRec.Core.Tests.Catalog;

public sealed class ItemAttributeTests
{
    [Theory]
    [InlineData("genre:Comedy", "genre", "Comedy")]
    [InlineData("attr:123", "attr", "123")]
    [InlineData("director:Jean-Luc Godard", "director", "Jean-Luc Godard")]
    [InlineData("Sci-Fi", null, "Sci-Fi")]
    [InlineData("Note: fragile", null, "Note: fragile")]
    [InlineData("genre:", null, "genre:")]
    public void Split_recognises_lower_case_kinds_only(string attribute, string? kind, string value)
    {
        Assert.Equal((kind, value), ItemAttribute.Split(attribute));
    }

    [Fact]
    public void Create_checks_the_kind()
    {
        Assert.Equal("brand:Bic", ItemAttribute.Create("brand", " Bic "));
        Assert.Throws<ArgumentException>(() => ItemAttribute.Create("Brand", "Bic"));
    }
}
