using System.Text.Json;
using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

/// <summary>Draws random strings from emitted grammars and checks each is JSON that the schema accepts.</summary>
public class JsonSchemaGrammarSamplingTests
{
    private const int Samples = 200;

    public static TheoryData<string, string> Schemas => new()
    {
        { "product", TestJson.Product },
        { "tree", TestJson.Tree },
        { "any", "true" },
        { "nullable-union", "{ 'type': 'array', 'items': { 'anyOf': [{ 'type': 'string', 'maxLength': 3 }, { 'type': 'integer', 'minimum': -5, 'maximum': 250 }, { 'type': 'null' }] }, 'maxItems': 4 }" },
        { "formats-and-patterns", """
            { 'type': 'object',
              'properties': {
                'day': { 'type': 'string', 'format': 'date' },
                'at': { 'type': 'string', 'format': 'date-time' },
                'id': { 'type': 'string', 'format': 'uuid' },
                'sku': { 'type': 'string', 'pattern': '^[A-Z]{2,3}-(\\\\d{2}|x[a-f]+)\\\\.?$' },
                'note': { 'type': 'string', 'pattern': '[^a-z\\\\s]\\\\w*' },
                'quoted': { 'type': 'string', 'pattern': '^\\\"(\\\\\\\\|\\\\n)?$' },
                'code': { 'type': 'string', 'pattern': '^[A-Z]{2}\\d{1,3}(\\.[a-z]+)?$|^x\\s\\S.$' },
                'word': { 'type': 'string', 'pattern': '^(?:\\w+|[^\\s\\d]{2})$' }
              },
              'required': ['day', 'sku', 'note', 'quoted', 'code', 'word'] }
            """ },
        { "open-object", "{ 'type': 'object', 'properties': { 'id': { 'type': 'integer' }, 'name': { 'type': 'string', 'maxLength': 5 } }, 'required': ['name'], 'additionalProperties': { 'type': 'boolean' } }" },
        { "tuple", "{ 'type': 'array', 'prefixItems': [{ 'const': 'v1' }, { 'type': 'number' }, { 'enum': [[1, 2], { 'a': null }] }], 'items': { 'type': 'boolean' }, 'minItems': 2, 'maxItems': 5 }" },
        { "allof-and-refs", """
            { '$defs': { 'named': { 'type': 'object', 'properties': { 'name': { 'type': 'string', 'minLength': 1, 'maxLength': 6 } }, 'required': ['name'] } },
              'allOf': [ { '$ref': '#/$defs/named' }, { 'properties': { 'age': { 'type': 'integer', 'minimum': 0, 'maximum': 130 } }, 'required': ['age'] } ] }
            """ },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_sample_is_valid_json_that_the_schema_accepts(string name, string schemaText)
    {
        var schema = TestJson.Parse(schemaText);
        JsonGrammarOptions[] variants =
        [
            new() { MaxIndentation = 4 },
            new() { Whitespace = JsonWhitespace.None },
            new() { Whitespace = JsonWhitespace.SingleSpace, DefaultMaxStringLength = 3, MaxIntegerDigits = 2, MaxFractionDigits = 0 },
        ];
        for (int variant = 0; variant < variants.Length; variant++)
        {
            var grammar = new GbnfTestGrammar(JsonSchemaGrammar.FromSchema(schema, variants[variant]));
            var random = new Random((name.Length * 7919) + variant);
            for (int i = 0; i < Samples; i++)
            {
                string sample = grammar.Sample(random);
                JsonElement value;
                try
                {
                    using var doc = JsonDocument.Parse(sample);
                    value = doc.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    Assert.Fail($"{name}: sample is not JSON ({e.Message}): {sample}");
                    return;
                }

                var errors = JsonSchemaValidator.Validate(schema, value);
                Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)} in sample {sample}");
                Assert.True(grammar.Accepts(sample), $"{name}: the grammar does not accept its own sample {sample}");
            }
        }
    }

    [Fact]
    public void Samples_cover_optional_properties_and_enum_values()
    {
        var grammar = new GbnfTestGrammar(JsonSchemaGrammar.FromSchema(TestJson.Parse(TestJson.Product)));
        var random = new Random(42);
        var seen = new HashSet<string>();
        for (int i = 0; i < Samples; i++)
        {
            using var doc = JsonDocument.Parse(grammar.Sample(random));
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                seen.Add(property.Name);
                if (property.Name == "genre")
                {
                    seen.Add("genre=" + property.Value.GetString());
                }
            }
        }

        Assert.Superset(new HashSet<string> { "id", "title", "genre", "tags", "rating", "inStock", "seller", "genre=drama", "genre=comedy", "genre=sci-fi" }, seen);
    }
}
