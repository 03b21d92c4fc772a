using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

public class JsonSchemaGrammarErrorTests
{
    private static NotSupportedException Fails(string schema) =>
        Assert.Throws<NotSupportedException>(() => JsonSchemaGrammar.FromSchema(TestJson.Parse(schema)));

    [Theory]
    [InlineData("{ 'properties': { 'a': { 'not': { 'type': 'null' } } } }", "#/properties/a", "'not'")]
    [InlineData("{ 'type': 'array', 'items': { 'type': 'array', 'uniqueItems': true } }", "#/items", "uniqueItems")]
    [InlineData("{ 'type': 'object', 'properties': { 'n': { 'type': 'number', 'multipleOf': 0.5 } } }", "#/properties/n", "multipleOf")]
    [InlineData("{ 'type': 'object', 'patternProperties': { '^x': {} } }", "#", "patternProperties")]
    [InlineData("{ 'properties': { 'code': { 'type': 'string', 'pattern': '^(?=a)b' } } }", "#/properties/code/pattern", "lookaround")]
    [InlineData("{ 'properties': { 'code': { 'type': 'string', 'pattern': '(a)\\\\1' } } }", "#/properties/code/pattern", "backreference")]
    [InlineData("{ 'properties': { 'code': { 'type': 'string', 'pattern': 'a\\\\bc' } } }", "#/properties/code/pattern", "word boundary")]
    [InlineData("{ 'properties': { 's': { 'type': 'string', 'pattern': 'a', 'maxLength': 3 } } }", "#/properties/s", "pattern")]
    [InlineData("{ 'properties': { 's': { 'type': 'string', 'minLength': 3000 } } }", "#/properties/s", "minLength 3000")]
    [InlineData("{ 'properties': { 'l': { 'type': 'array', 'minItems': 3, 'maxItems': 2 } } }", "#/properties/l", "at least 3")]
    [InlineData("{ 'properties': { 'i': { 'type': 'integer', 'minimum': 5, 'maximum': 4 } } }", "#/properties/i", "minimum/maximum")]
    [InlineData("{ 'properties': { 'e': { 'type': 'integer', 'enum': ['a', 'b'] } } }", "#/properties/e", "enum")]
    [InlineData("{ 'properties': { 'x': false } }", "#/properties/x", "'false'")]
    [InlineData("{ 'allOf': [{ 'type': 'string' }, { 'type': 'integer' }] }", "#", "types")]
    [InlineData("{ '$ref': 'https://example.com/schema.json' }", "#", "outside")]
    public void Unsupported_schema_names_the_path(string schema, string path, string detail)
    {
        var e = Fails(schema);
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains(detail, e.Message);
    }

    [Fact]
    public void Left_recursive_ref_is_refused_with_its_location()
    {
        var e = Fails("{ '$ref': '#/$defs/a', '$defs': { 'a': { 'anyOf': [{ '$ref': '#/$defs/a' }, { 'type': 'null' }] } } }");
        Assert.Contains("#/$defs/a", e.Message);
        Assert.Contains("left recursion", e.Message);
    }

    [Fact]
    public void AllOf_cycle_is_refused()
    {
        var e = Fails("{ '$ref': '#/$defs/a', '$defs': { 'a': { 'allOf': [{ '$ref': '#/$defs/a' }, { 'type': 'object' }] } } }");
        Assert.Contains("#/$defs/a", e.Message);
    }

    [Fact]
    public void Required_property_forbidden_by_additional_properties_is_refused()
    {
        var e = Fails("{ 'properties': { 'o': { 'type': 'object', 'properties': { 'a': {} }, 'required': ['b'], 'additionalProperties': false } } }");
        Assert.Contains("\"b\"", e.Message);
        Assert.Contains("#/properties/o", e.Message);
    }

    [Fact]
    public void Dangling_ref_is_a_schema_error()
    {
        var e = Assert.Throws<ArgumentException>(() => JsonSchemaGrammar.FromSchema(TestJson.Parse("{ 'properties': { 'a': { '$ref': '#/$defs/missing' } } }")));
        Assert.Contains("#/$defs/missing", e.Message);
        Assert.Contains("#/properties/a", e.Message);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonSchemaGrammar.FromSchema(TestJson.Parse("{}"), new JsonGrammarOptions { MaxIntegerDigits = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonSchemaGrammar.FromSchema(TestJson.Parse("{}"), new JsonGrammarOptions { DefaultMaxStringLength = -1 }));
    }
}
