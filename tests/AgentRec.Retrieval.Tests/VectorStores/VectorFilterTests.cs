using AgentRec.Retrieval.VectorStores;

namespace AgentRec.Retrieval.Tests.VectorStores;

public sealed class VectorFilterTests
{
    private static readonly IReadOnlyDictionary<string, object?> Game = new Dictionary<string, object?>
    {
        ["genre"] = "rpg",
        ["year"] = 2001L,
        ["score"] = 8.5,
        ["whole"] = 3.0,
        ["owned"] = false,
        ["tags"] = new[] { "co-op", "indie" },
        ["gone"] = null,
    };

    [Theory]
    [InlineData("genre", "rpg", true)]
    [InlineData("genre", "RPG", false)]
    [InlineData("tags", "indie", true)]
    [InlineData("tags", "solo", false)]
    [InlineData("missing", "rpg", false)]
    [InlineData("year", "2001", false)]
    public void Equal_OnStrings_MatchesScalarsAndArrayElements(string field, string value, bool expected)
        => Assert.Equal(expected, Matches(VectorFilter.Equal(field, value)));

    [Fact]
    public void Equal_OnNumbers_ComparesNumerically()
    {
        Assert.True(Matches(VectorFilter.Equal("year", 2001L)));
        Assert.True(Matches(VectorFilter.Equal("year", 2001.0)));
        Assert.True(Matches(VectorFilter.Equal("whole", 3L)));
        Assert.False(Matches(VectorFilter.Equal("score", 8L)));
        Assert.True(Matches(VectorFilter.Equal("score", 8.5)));
        Assert.False(Matches(VectorFilter.Equal("genre", 1L)));
        Assert.True(Matches(VectorFilter.Equal("owned", false)));
        Assert.False(Matches(VectorFilter.Equal("owned", true)));
    }

    [Fact]
    public void MissingAndNullFields_FailLeaves_AndPassNegations()
    {
        Assert.False(Matches(VectorFilter.Equal("gone", "x")));
        Assert.False(Matches(VectorFilter.Range("gone", greaterThan: 0)));
        Assert.True(Matches(!VectorFilter.Equal("gone", "x")));
        Assert.True(Matches(!VectorFilter.In("missing", "a", "b")));
        Assert.False(PayloadPredicate.Compile(VectorFilter.Equal("genre", "rpg"))(null));
    }

    [Fact]
    public void InAndRange_And_Combinators()
    {
        Assert.True(Matches(VectorFilter.In("genre", "action", "rpg")));
        Assert.True(Matches(VectorFilter.In("tags", "solo", "co-op")));
        Assert.True(Matches(VectorFilter.In("year", 1999L, 2001L)));
        Assert.False(Matches(VectorFilter.In("year", 1999L, 2000L)));
        Assert.True(Matches(VectorFilter.Range("score", greaterThan: 8.5 - 1e-9, lessOrEqual: 8.5)));
        Assert.False(Matches(VectorFilter.Range("score", greaterThan: 8.5)));
        Assert.True(Matches(VectorFilter.Between("year", 2000, 2001)));
        Assert.False(Matches(VectorFilter.Range("genre", greaterThan: 0)));
        Assert.True(Matches(VectorFilter.Equal("genre", "rpg") & VectorFilter.Range("year", lessThan: 2002)));
        Assert.False(Matches(VectorFilter.Equal("genre", "rpg") & VectorFilter.Equal("owned", true)));
        Assert.True(Matches(VectorFilter.Equal("genre", "action") | VectorFilter.Equal("owned", false)));
        Assert.False(Matches(VectorFilter.Or(VectorFilter.Equal("genre", "action"), VectorFilter.Equal("owned", true))));
    }

    [Fact]
    public void InvalidFilters_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => VectorFilter.Range("year"));
        Assert.Throws<ArgumentException>(() => VectorFilter.In("year", Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new FieldInFilter("year", ["a", 1L]));
        Assert.Throws<ArgumentException>(() => new FieldEqualsFilter("year", DateTime.UnixEpoch));
        Assert.Throws<ArgumentException>(() => VectorFilter.Equal("score", double.NaN));
        Assert.Throws<ArgumentException>(() => VectorFilter.And());
        Assert.ThrowsAny<ArgumentException>(() => VectorFilter.Equal(" ", "x"));
    }

    [Fact]
    public void Filters_HaveValueEquality()
    {
        Assert.Equal(VectorFilter.In("g", "a", "b") & VectorFilter.Equal("y", 1L), VectorFilter.In("g", "a", "b") & VectorFilter.Equal("y", 1L));
        Assert.NotEqual(VectorFilter.In("g", "a", "b"), VectorFilter.In("g", "b", "a"));
    }

    [Fact]
    public void PayloadCodec_RoundTripsTypesExactly()
    {
        var normalized = PayloadValues.Normalize(new Dictionary<string, object?> { ["i"] = 7, ["f"] = 1.5f, ["tags"] = new List<string> { "x", "y" }, ["n"] = null, ["w"] = 3.0 }, "id")!;

        var decoded = PayloadCodec.Decode(PayloadCodec.Encode(normalized))!;

        Assert.Equal(7L, decoded["i"]);
        Assert.Equal(1.5, decoded["f"]);
        Assert.Equal(new[] { "x", "y" }, decoded["tags"]);
        Assert.Null(decoded["n"]);
        Assert.IsType<double>(decoded["w"]);
        Assert.Null(PayloadValues.Normalize(new Dictionary<string, object?>(), "id"));
        Assert.Throws<InvalidDataException>(() => PayloadCodec.Decode([5, 1, 65]));
    }

    private static bool Matches(VectorFilter filter) => PayloadPredicate.Compile(filter)(Game);
}
