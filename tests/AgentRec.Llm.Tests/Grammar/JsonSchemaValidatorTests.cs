using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

public class JsonSchemaValidatorTests
{
    private static IReadOnlyList<string> Validate(string schema, string instance) =>
        JsonSchemaValidator.Validate(TestJson.Parse(schema), TestJson.Parse(instance));

    [Fact]
    public void Valid_product_has_no_errors()
    {
        Assert.Empty(Validate(TestJson.Product, "{ 'id': 5, 'title': 'Dune', 'genre': 'sci-fi', 'tags': ['desert'], 'rating': null, 'seller': { 'name': 'A', 'country': 'DE' } }"));
    }

    [Fact]
    public void Invalid_product_reports_each_violation_with_its_path()
    {
        var errors = Validate(TestJson.Product, "{ 'id': 0, 'title': '', 'genre': 'horror', 'tags': ['a', 'b', 'c', 'waytoolongtag'], 'rating': 'x', 'seller': { 'country': 'FR', 'x': 1 }, 'extra': true }");
        Assert.Contains(errors, e => e.StartsWith("/id: 0 is below the minimum 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/title: string has 0 characters, fewer than minLength 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/genre: value \"horror\" is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/tags: array has 4 items, more than maxItems 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/tags/3: string has 13 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/rating: expected number or null but found string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/seller: missing required property \"name\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/seller/country: value \"FR\" is not the constant \"DE\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/seller/x: property \"x\" is not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/extra: property \"extra\" is not allowed", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void Root_errors_use_slash()
    {
        Assert.Equal(["/: expected object but found array"], Validate("{ 'type': 'object' }", "[]"));
        Assert.Equal(["/: missing required property \"a\""], Validate("{ 'required': ['a'] }", "{}"));
    }

    [Fact]
    public void Integer_means_integral_number()
    {
        Assert.Empty(Validate("{ 'type': 'integer' }", "3"));
        Assert.Empty(Validate("{ 'type': 'integer' }", "3.0"));
        Assert.Single(Validate("{ 'type': 'integer' }", "3.5"));
    }

    [Fact]
    public void Huge_numbers_do_not_throw()
    {
        Assert.Single(Validate("{ 'maximum': 10 }", "1e400"));
        Assert.Empty(Validate("{ 'type': 'integer', 'minimum': 0 }", "1e400"));
    }

    [Fact]
    public void Recursive_ref_validates_deep_values()
    {
        Assert.Empty(Validate(TestJson.Tree, "{ 'label': 'a', 'children': [{ 'label': 'b', 'children': [] }] }"));
        Assert.Equal(["/children/0/children/1/label: expected string but found integer"],
            Validate(TestJson.Tree, "{ 'label': 'a', 'children': [{ 'label': 'b', 'children': [{ 'label': 'c' }, { 'label': 7 }] }] }"));
    }

    [Fact]
    public void Combinators_are_checked()
    {
        const string oneOf = "{ 'oneOf': [{ 'type': 'integer' }, { 'type': 'number', 'minimum': 10 }] }";
        Assert.Empty(Validate(oneOf, "3"));
        Assert.Empty(Validate(oneOf, "10.5"));
        Assert.Equal(["/: value matches 2 of the oneOf alternatives instead of exactly one"], Validate(oneOf, "12"));
        Assert.Equal(["/: value matches none of the 2 anyOf alternatives"], Validate("{ 'anyOf': [{ 'type': 'null' }, { 'type': 'boolean' }] }", "1"));
        Assert.Equal(2, Validate("{ 'allOf': [{ 'minLength': 3 }, { 'pattern': '^a' }] }", "'b'").Count);
        Assert.Single(Validate("{ 'not': { 'type': 'string' } }", "'x'"));
    }

    [Fact]
    public void Number_keywords_are_checked()
    {
        Assert.Single(Validate("{ 'exclusiveMinimum': 1 }", "1"));
        Assert.Single(Validate("{ 'maximum': 1, 'exclusiveMaximum': true }", "1"));
        Assert.Empty(Validate("{ 'multipleOf': 0.1 }", "0.3"));
        Assert.Single(Validate("{ 'multipleOf': 0.25 }", "0.3"));
    }

    [Fact]
    public void Pattern_and_formats_are_checked()
    {
        Assert.Empty(Validate("{ 'pattern': '^[a-z]+\\\\d$' }", "'abc1'"));
        Assert.Single(Validate("{ 'pattern': '^[a-z]+\\\\d$' }", "'abc'"));
        Assert.Empty(Validate("{ 'pattern': 'b' }", "'abc'"));
        Assert.Empty(Validate("{ 'format': 'date' }", "'2024-02-29'"));
        Assert.Single(Validate("{ 'format': 'date' }", "'2023-02-29'"));
        Assert.Empty(Validate("{ 'format': 'date-time' }", "'2023-02-01T10:00:00+01:00'"));
        Assert.Single(Validate("{ 'format': 'date-time' }", "'2023-02-01T25:00:00Z'"));
        Assert.Single(Validate("{ 'format': 'uuid' }", "'123'"));
        Assert.Empty(Validate("{ 'format': 'email' }", "'not checked'"));
    }

    [Fact]
    public void Length_counts_code_points_not_utf16_units()
    {
        Assert.Empty(Validate("{ 'maxLength': 2 }", "'😀é'"));
        Assert.Single(Validate("{ 'maxLength': 1 }", "'😀é'"));
    }

    [Fact]
    public void Tuples_and_unique_items_are_checked()
    {
        Assert.Equal(["/1: expected integer but found string"], Validate("{ 'prefixItems': [{ 'type': 'string' }, { 'type': 'integer' }] }", "['a', 'b']"));
        Assert.Equal(["/: array has 3 items but only 2 are allowed"], Validate("{ 'items': [{}, {}], 'additionalItems': false }", "[1, 2, 3]"));
        Assert.Single(Validate("{ 'uniqueItems': true }", "[1, 2, 1]"));
    }

    [Fact]
    public void Boolean_schemas()
    {
        Assert.Empty(Validate("true", "{ 'a': 1 }"));
        Assert.Equal(["/a: no value is allowed here"], Validate("{ 'properties': { 'a': false } }", "{ 'a': 1 }"));
    }
}
