using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

public class JsonSchemaGrammarTests
{
    private static string Gbnf(string schema, JsonGrammarOptions? options = null) =>
        JsonSchemaGrammar.FromSchema(TestJson.Parse(schema), options);

    private static GbnfTestGrammar Grammar(string schema, JsonGrammarOptions? options = null) => new(Gbnf(schema, options));

    private static string Rule(string gbnf, string name) =>
        gbnf.Split('\n').Single(l => l.StartsWith(name + " ::= ", StringComparison.Ordinal))[(name.Length + 5)..];

    [Fact]
    public void Properties_come_in_declared_order_with_required_ones_mandatory()
    {
        const string schema = """
            { 'type': 'object',
              'properties': { 'name': { 'type': 'string' }, 'age': { 'type': 'integer' }, 'email': { 'type': 'string' } },
              'required': ['name', 'age'] }
            """;
        string gbnf = Gbnf(schema);
        string root = Rule(gbnf, "root");
        int name = root.IndexOf("\"\\\"name\\\":\"", StringComparison.Ordinal);
        int age = root.IndexOf("\"\\\"age\\\":\"", StringComparison.Ordinal);
        int email = root.IndexOf("\"\\\"email\\\":\"", StringComparison.Ordinal);
        Assert.True(name >= 0 && name < age && age < email, root);

        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("""{"name": "Ann", "age": 31}"""));
        Assert.True(grammar.Accepts("""{"name":"Ann","age":31,"email":"a@b.c"}"""));
        Assert.True(grammar.Accepts("{\n  \"name\": \"Ann\",\n  \"age\": 31\n}"));
        Assert.False(grammar.Accepts("""{"age": 31, "name": "Ann"}"""), "order is fixed");
        Assert.False(grammar.Accepts("""{"name": "Ann"}"""), "age is required");
        Assert.False(grammar.Accepts("""{"name": "Ann", "age": 31, "x": 1}"""), "no undeclared properties");
    }

    [Fact]
    public void Leading_optional_properties_may_be_skipped()
    {
        const string schema = """
            { 'type': 'object',
              'properties': { 'a': { 'type': 'integer' }, 'b': { 'type': 'integer' }, 'c': { 'type': 'integer' }, 'd': { 'type': 'integer' } },
              'required': ['c'] }
            """;
        var grammar = Grammar(schema);
        foreach (var ok in new[] { """{"c":1}""", """{"a":1,"c":1}""", """{"b":1,"c":1}""", """{"a":1,"b":2,"c":3,"d":4}""", """{"c":1,"d":2}""" })
        {
            Assert.True(grammar.Accepts(ok), ok);
        }

        foreach (var bad in new[] { "{}", """{"a":1}""", """{"a":1,"d":1}""", """{,"c":1}""", """{"c":1,}""" })
        {
            Assert.False(grammar.Accepts(bad), bad);
        }
    }

    [Fact]
    public void Object_without_required_properties_may_be_empty()
    {
        var grammar = Grammar("{ 'type': 'object', 'properties': { 'x': { 'type': 'boolean' }, 'y': { 'type': 'null' } } }");
        Assert.True(grammar.Accepts("{}"));
        Assert.True(grammar.Accepts("""{"y": null}"""));
        Assert.True(grammar.Accepts("""{"x": true, "y": null}"""));
        Assert.False(grammar.Accepts("""{"y": null, "x": true}"""));
    }

    [Fact]
    public void Enum_becomes_literal_alternatives_filtered_by_type()
    {
        string gbnf = Gbnf("{ 'type': 'string', 'enum': ['red', 'green', 3, 'blue \\\"sky\\\"'] }");
        Assert.Equal("\"\\\"red\\\"\" | \"\\\"green\\\"\" | \"\\\"blue \\\\\\\"sky\\\\\\\"\\\"\"", Rule(gbnf, "root"));
        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("\"green\""));
        Assert.True(grammar.Accepts("\"blue \\\"sky\\\"\""));
        Assert.False(grammar.Accepts("3"));
    }

    [Fact]
    public void Const_is_a_single_literal()
    {
        Assert.Equal("\"{\\\"k\\\":[1,true]}\"", Rule(Gbnf("{ 'const': { 'k': [1, true] } }"), "root"));
    }

    [Fact]
    public void Array_and_string_bounds_become_bounded_repetitions()
    {
        string gbnf = Gbnf("{ 'type': 'array', 'items': { 'type': 'string', 'minLength': 2, 'maxLength': 10 }, 'minItems': 1, 'maxItems': 5 }");
        Assert.Contains("{0,4}", Rule(gbnf, "root"));
        Assert.Contains("char{2,10}", gbnf);
        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("""["ab"]"""));
        Assert.True(grammar.Accepts("""["ab", "cd", "ef", "gh", "ij"]"""));
        Assert.False(grammar.Accepts("[]"));
        Assert.False(grammar.Accepts("""["ab", "cd", "ef", "gh", "ij", "kl"]"""));
        Assert.False(grammar.Accepts("""["a"]"""));
        Assert.False(grammar.Accepts("""["abcdefghijk"]"""));
    }

    [Fact]
    public void Whitespace_is_bounded_by_default()
    {
        string gbnf = Gbnf("{ 'type': 'object', 'properties': { 'a': { 'type': 'integer' } }, 'required': ['a'] }");
        Assert.Equal("\"\" | \" \" | \"\\n\" [\\t ]{0,20}", Rule(gbnf, "space"));
        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("{ \"a\": 1 }"));
        Assert.False(grammar.Accepts("{  \"a\": 1}"), "two spaces");
        Assert.False(grammar.Accepts("{\n\n\"a\": 1}"), "two newlines");
        Assert.False(grammar.Accepts("{\n" + new string(' ', 21) + "\"a\": 1}"), "too much indentation");
    }

    [Fact]
    public void Whitespace_options_change_the_space_rule()
    {
        const string schema = "{ 'type': 'array', 'items': { 'type': 'integer' } }";
        string compact = Gbnf(schema, new JsonGrammarOptions { Whitespace = JsonWhitespace.None });
        Assert.DoesNotContain("space", compact);
        Assert.False(new GbnfTestGrammar(compact).Accepts("[1, 2]"));
        Assert.True(new GbnfTestGrammar(compact).Accepts("[1,2]"));

        string single = Gbnf(schema, new JsonGrammarOptions { Whitespace = JsonWhitespace.SingleSpace });
        Assert.Equal("\" \"?", Rule(single, "space"));
        Assert.False(new GbnfTestGrammar(single).Accepts("[1,\n2]"));
    }

    [Fact]
    public void Number_digits_and_default_string_length_follow_options()
    {
        var options = new JsonGrammarOptions { MaxIntegerDigits = 3, MaxFractionDigits = 2, DefaultMaxStringLength = 4 };
        var grammar = Grammar("{ 'type': 'array', 'items': { 'type': ['number', 'string'] } }", options);
        Assert.True(grammar.Accepts("""[999.99, -12, "abcd"]"""));
        Assert.False(grammar.Accepts("[1000]"));
        Assert.False(grammar.Accepts("[1.123]"));
        Assert.False(grammar.Accepts("[1e5]"));
        Assert.False(grammar.Accepts("""["abcde"]"""));
        Assert.False(grammar.Accepts("[01]"));
    }

    [Fact]
    public void Type_array_with_null_allows_both()
    {
        var grammar = Grammar("{ 'type': ['string', 'null'] }");
        Assert.True(grammar.Accepts("\"x\""));
        Assert.True(grammar.Accepts("null"));
        Assert.False(grammar.Accepts("1"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("{ 'description': 'anything' }")]
    public void Trivial_schema_means_any_json_value(string schema)
    {
        var grammar = Grammar(schema);
        Assert.Equal("value", Rule(Gbnf(schema), "root"));
        foreach (var ok in new[] { "1", "\"s\"", "null", "[1, {\"a\": [true]}]", "{\"k\": -0.5}" })
        {
            Assert.True(grammar.Accepts(ok), ok);
        }
    }

    [Fact]
    public void Object_without_properties_is_any_object_unless_additional_properties_is_false()
    {
        Assert.Equal("object", Rule(Gbnf("{ 'type': 'object' }"), "root"));
        Assert.Equal("object", Rule(Gbnf("{ 'type': 'object', 'additionalProperties': true }"), "root"));
        var closed = Grammar("{ 'type': 'object', 'additionalProperties': false }");
        Assert.True(closed.Accepts("{}"));
        Assert.False(closed.Accepts("""{"a": 1}"""));

        var typed = Grammar("{ 'type': 'object', 'additionalProperties': { 'type': 'integer' }, 'maxProperties': 2 }");
        Assert.True(typed.Accepts("""{"a": 1, "b": 2}"""));
        Assert.False(typed.Accepts("""{"a": "x"}"""));
        Assert.False(typed.Accepts("""{"a": 1, "b": 2, "c": 3}"""));
    }

    [Fact]
    public void Additional_properties_next_to_declared_ones_cannot_repeat_a_declared_name()
    {
        var grammar = Grammar("{ 'type': 'object', 'properties': { 'id': { 'type': 'integer' } }, 'required': ['id'], 'additionalProperties': { 'type': 'boolean' } }");
        Assert.True(grammar.Accepts("""{"id": 1}"""));
        Assert.True(grammar.Accepts("""{"id": 1, "i": true, "idx": false, "x": true}"""));
        Assert.False(grammar.Accepts("""{"id": 1, "id": true}"""));
        Assert.False(grammar.Accepts("""{"id": 1, "\u0069d": true}"""), "an escape must not spell a declared name");
        Assert.False(grammar.Accepts("""{"id": 1, "x": 2}"""));
    }

    [Fact]
    public void Required_but_undeclared_property_is_generated_after_declared_ones()
    {
        var grammar = Grammar("{ 'type': 'object', 'properties': { 'a': { 'type': 'integer' } }, 'required': ['b'] }");
        Assert.True(grammar.Accepts("""{"b": [true]}"""));
        Assert.True(grammar.Accepts("""{"a": 1, "b": "x"}"""));
        Assert.False(grammar.Accepts("""{"a": 1}"""));
    }

    [Fact]
    public void Recursive_ref_becomes_a_recursive_rule()
    {
        string gbnf = Gbnf(TestJson.Tree);
        Assert.Equal("node", Rule(gbnf, "root"));
        Assert.Contains("node", Rule(gbnf, "node-children"));
        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("""{"label": "a", "children": [{"label": "b", "children": [{"label": "c"}]}, {"label": "d"}]}"""));
        Assert.False(grammar.Accepts("""{"label": "a", "children": [{"children": []}]}"""));
    }

    [Fact]
    public void Ref_to_definitions_and_to_the_root_resolve()
    {
        var grammar = Grammar("""
            { 'type': 'object',
              'properties': { 'v': { '$ref': '#/definitions/small' }, 'next': { 'anyOf': [{ '$ref': '#' }, { 'type': 'null' }] } },
              'required': ['v', 'next'],
              'definitions': { 'small': { 'type': 'integer', 'minimum': 0, 'maximum': 9 } } }
            """);
        Assert.True(grammar.Accepts("""{"v": 1, "next": {"v": 2, "next": null}}"""));
        Assert.False(grammar.Accepts("""{"v": 10, "next": null}"""));
    }

    [Fact]
    public void AllOf_of_objects_is_merged()
    {
        var grammar = Grammar("""
            { 'allOf': [
                { 'type': 'object', 'properties': { 'a': { 'type': 'string' } }, 'required': ['a'] },
                { 'properties': { 'b': { 'type': 'integer', 'maximum': 5 } }, 'required': ['b'] } ] }
            """);
        Assert.True(grammar.Accepts("""{"a": "x", "b": 5}"""));
        Assert.False(grammar.Accepts("""{"a": "x"}"""));
        Assert.False(grammar.Accepts("""{"a": "x", "b": 6}"""));
    }

    [Fact]
    public void AnyOf_with_sibling_keywords_applies_them_to_every_branch()
    {
        var grammar = Grammar("""
            { 'type': 'object', 'required': ['kind'],
              'anyOf': [
                { 'properties': { 'kind': { 'const': 'movie' }, 'minutes': { 'type': 'integer' } } },
                { 'properties': { 'kind': { 'const': 'book' }, 'pages': { 'type': 'integer' } } } ] }
            """);
        Assert.True(grammar.Accepts("""{"kind": "movie", "minutes": 90}"""));
        Assert.True(grammar.Accepts("""{"kind": "book"}"""));
        Assert.False(grammar.Accepts("""{"kind": "book", "minutes": 90}"""));
    }

    [Fact]
    public void Prefix_items_fix_positions()
    {
        var grammar = Grammar("{ 'type': 'array', 'prefixItems': [{ 'type': 'string' }, { 'type': 'integer' }], 'items': false, 'minItems': 1 }");
        Assert.True(grammar.Accepts("""["a"]"""));
        Assert.True(grammar.Accepts("""["a", 1]"""));
        Assert.False(grammar.Accepts("[]"));
        Assert.False(grammar.Accepts("""[1, "a"]"""));
        Assert.False(grammar.Accepts("""["a", 1, 2]"""));

        var open = Grammar("{ 'type': 'array', 'prefixItems': [{ 'type': 'string' }], 'items': { 'type': 'boolean' }, 'maxItems': 3 }");
        Assert.True(open.Accepts("""["a", true, false]"""));
        Assert.False(open.Accepts("""["a", true, false, true]"""));
    }

    [Theory]
    [InlineData(-15, 123)]
    [InlineData(0, 100)]
    [InlineData(7, 7)]
    [InlineData(-1000, -3)]
    [InlineData(95, 1234)]
    public void Integer_range_accepts_exactly_the_range(long lo, long hi)
    {
        var grammar = Grammar($"{{ 'type': 'integer', 'minimum': {lo}, 'maximum': {hi} }}");
        for (long v = lo - 30; v <= hi + 30; v++)
        {
            Assert.Equal(v >= lo && v <= hi, grammar.Accepts(v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.False(grammar.Accepts("-0"));
        Assert.False(grammar.Accepts("0" + hi));
    }

    [Fact]
    public void Integer_exclusive_bounds_and_one_sided_bounds()
    {
        var positive = Grammar("{ 'type': 'integer', 'exclusiveMinimum': 0 }");
        Assert.True(positive.Accepts("1"));
        Assert.True(positive.Accepts("999999999999999"));
        Assert.False(positive.Accepts("0"));
        Assert.False(positive.Accepts("-1"));

        var upTo = Grammar("{ 'type': 'integer', 'maximum': 10, 'exclusiveMaximum': true }");
        Assert.True(upTo.Accepts("9"));
        Assert.True(upTo.Accepts("-5"));
        Assert.False(upTo.Accepts("10"));
    }

    [Fact]
    public void Pattern_is_translated_with_json_escaping()
    {
        var code = Grammar("{ 'type': 'string', 'pattern': '^[A-Z]{2}-\\\\d{3}$' }");
        Assert.True(code.Accepts("\"AB-123\""));
        Assert.False(code.Accepts("\"AB-12\""));
        Assert.False(code.Accepts("\"xAB-123\""));

        var unanchored = Grammar("{ 'type': 'string', 'pattern': 'ab+c' }");
        Assert.True(unanchored.Accepts("\"xxabbbcyy\""));
        Assert.False(unanchored.Accepts("\"xxacyy\""));

        var quote = Grammar("{ 'type': 'string', 'pattern': '^a\\\"b\\\\\\\\$' }");
        Assert.True(quote.Accepts("\"a\\\"b\\\\\""));
        Assert.False(quote.Accepts("\"a\"b\\\""));
    }

    [Fact]
    public void Default_max_string_length_caps_open_pattern_quantifiers()
    {
        var grammar = Grammar("{ 'type': 'string', 'pattern': '^a+b*$' }", new JsonGrammarOptions { DefaultMaxStringLength = 3 });
        Assert.True(grammar.Accepts("\"aaabbb\""));
        Assert.False(grammar.Accepts("\"aaaa\""));
        Assert.True(Grammar("{ 'type': 'string', 'pattern': '^a+$' }").Accepts("\"aaaaaaaaaa\""));
    }

    [Fact]
    public void Formats_generate_only_real_dates_and_uuids()
    {
        var date = Grammar("{ 'type': 'string', 'format': 'date' }");
        Assert.True(date.Accepts("\"2024-02-28\""));
        Assert.True(date.Accepts("\"1999-12-31\""));
        Assert.False(date.Accepts("\"2024-02-30\""));
        Assert.False(date.Accepts("\"2024-04-31\""));
        Assert.False(date.Accepts("\"2024-13-01\""));

        var uuid = Grammar("{ 'format': 'uuid' }");
        Assert.True(uuid.Accepts("\"123e4567-e89b-12d3-a456-426614174000\""));
        Assert.False(uuid.Accepts("\"123e4567e89b12d3a456426614174000\""));

        var dateTime = Grammar("{ 'type': 'string', 'format': 'date-time' }");
        Assert.True(dateTime.Accepts("\"2024-05-01T13:45:00.123Z\""));
        Assert.True(dateTime.Accepts("\"2024-05-01T23:59:59+02:00\""));
        Assert.False(dateTime.Accepts("\"2024-05-01 13:45:00Z\""));
    }

    [Fact]
    public void Any_json_object_accepts_objects_only()
    {
        var grammar = new GbnfTestGrammar(JsonSchemaGrammar.AnyJsonObject);
        Assert.True(grammar.Accepts("""{"a": [1, {"b": null}], "c": "d"}"""));
        Assert.True(grammar.Accepts("{}"));
        Assert.False(grammar.Accepts("[1]"));
        Assert.False(grammar.Accepts("\"x\""));
    }

    [Fact]
    public void Max_items_beyond_llama_limit_becomes_unbounded()
    {
        string gbnf = Gbnf("{ 'type': 'array', 'items': { 'type': 'integer' }, 'maxItems': 5000 }");
        Assert.Contains(")*", Rule(gbnf, "root"));
    }

    [Fact]
    public void Property_names_that_are_not_rule_names_are_sanitized()
    {
        string gbnf = Gbnf("{ 'type': 'object', 'properties': { 'Größe (cm)': { 'type': 'array', 'items': { 'type': 'integer' }, 'maxItems': 2 } } }");
        Assert.All(gbnf.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches("^[a-z0-9-]+ ::= ", line));
        var grammar = new GbnfTestGrammar(gbnf);
        Assert.True(grammar.Accepts("""{"Größe (cm)": [1, 2]}"""));
    }

    [Fact]
    public void Definition_named_like_a_shared_rule_does_not_shadow_it()
    {
        var grammar = Grammar("""
            { 'type': 'object', 'properties': { 'a': { '$ref': '#/$defs/string' }, 'b': { 'type': 'string' } }, 'required': ['a', 'b'],
              '$defs': { 'string': { 'type': 'integer' } } }
            """);
        Assert.True(grammar.Accepts("""{"a": 1, "b": "x"}"""));
        Assert.False(grammar.Accepts("""{"a": "x", "b": "x"}"""));
    }
}
