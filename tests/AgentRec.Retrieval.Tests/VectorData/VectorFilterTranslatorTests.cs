using System.Linq.Expressions;
using AgentRec.Retrieval.VectorStores;

// The translator takes the abstraction's (experimental) collection model, as the product code does.
#pragma warning disable MEVD9001

namespace AgentRec.Retrieval.Tests.VectorData;

/// <summary>The exact <see cref="VectorFilter"/> trees LINQ filters become.</summary>
public sealed class VectorFilterTranslatorTests
{
    private static readonly Microsoft.Extensions.VectorData.ProviderServices.CollectionModel Model =
        AgentRecModelBuilder.BuildTyped(typeof(Product), typeof(string), definition: null, embeddingGenerator: null);

    [Fact]
    public void Comparisons_BecomeLeavesOnTheStorageName()
    {
        Assert.Equal(VectorFilter.Equal("title", "x"), Translate(p => p.Title == "x"));
        Assert.Equal(VectorFilter.Equal("Year", 2000L), Translate(p => p.Year == 2000));
        Assert.Equal(VectorFilter.Equal("Price", 2.5), Translate(p => p.Price == 2.5));
        Assert.Equal(VectorFilter.Not(VectorFilter.Equal("Category", "a")), Translate(p => p.Category != "a"));
        Assert.Equal(VectorFilter.Range("Year", greaterThan: 2000), Translate(p => 2000 < p.Year));
        Assert.Equal(VectorFilter.Range("Rating", lessOrEqual: 4.5), Translate(p => p.Rating <= 4.5f));
        Assert.Equal(VectorFilter.Equal("InStock", true), Translate(p => p.InStock));
    }

    [Fact]
    public void LogicalOperators_BuildTheTree()
    {
        var expected = VectorFilter.And(
            VectorFilter.Range("Year", greaterOrEqual: 2000),
            VectorFilter.Or(VectorFilter.Equal("Category", "a"), VectorFilter.Not(VectorFilter.Equal("InStock", true))));

        Assert.Equal(expected, Translate(p => p.Year >= 2000 && (p.Category == "a" || !p.InStock)));
    }

    [Fact]
    public void Contains_BecomesInOrElementEquality()
    {
        long[] years = [1990, 2000];
        var doubles = new List<double> { 1.5, 2 };

        Assert.Equal(VectorFilter.In("Category", "a", "b"), Translate(p => new[] { "a", "b" }.Contains(p.Category)));
        Assert.Equal(VectorFilter.In("Year", 1990L, 2000L), Translate(p => years.Contains(p.Year)));
        Assert.Equal(VectorFilter.Or(VectorFilter.Equal("Price", 1.5), VectorFilter.Equal("Price", 2.0)), Translate(p => doubles.Contains(p.Price)));
        Assert.Equal(VectorFilter.Equal("Tags", "sale"), Translate(p => p.Tags.Contains("sale")));
    }

    [Fact]
    public void ConstantTerms_FoldAway()
    {
        string[] none = [];

        Assert.True(Term(p => none.Contains(p.Category)).MatchesNothing);
        Assert.True(Term(p => none.Contains(p.Category) && p.InStock).MatchesNothing);
        Assert.Equal(VectorFilter.Equal("InStock", true), Translate(p => none.Contains(p.Category) || p.InStock));
        Assert.Null(Term(p => !none.Contains(p.Category)).Filter);
        Assert.False(Term(p => !none.Contains(p.Category)).MatchesNothing);
    }

    [Fact]
    public void Unsupported_Expressions_AreNamed()
    {
        Assert.Contains("p.Category.Contains(\"ab\")", Fails(p => p.Category.Contains("ab")));
        Assert.Contains("p.Embedding.Length", Fails(p => p.Embedding.Length == 8));
        Assert.Contains("is a list", Fails(p => p.Tags == new[] { "sale" }));
        Assert.Contains("key", Fails(p => p.Id != "p01"));
        Assert.Contains("null", Fails(p => new[] { "a", null }.Contains(p.Title)));
        Assert.Contains("can change its value", Fails(p => (short)p.Year == 2000));
    }

    private static string Fails(Expression<Func<Product, bool>> filter)
        => Assert.Throws<NotSupportedException>(() => Term(filter)).Message;

    private static VectorFilter? Translate(Expression<Func<Product, bool>> filter) => Term(filter).Filter;

    private static FilterTerm Term(Expression<Func<Product, bool>> filter) => VectorFilterTranslator.Translate(filter, Model, "products");
}
