using System.Text.Json;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Turns JSON Schemas into llama.cpp GBNF grammars (rule <c>root</c>) so that sampling can only produce
/// JSON that matches the schema.
/// </summary>
/// <remarks>
/// Supported: <c>type</c> (single or array), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>,
/// <c>items</c>, <c>prefixItems</c>, <c>additionalItems</c>, <c>minItems</c>/<c>maxItems</c>, <c>enum</c>,
/// <c>const</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c> (ECMAScript subset, see
/// <see cref="RegexGrammar"/>), <c>format</c> date/time/date-time/uuid, <c>anyOf</c>/<c>oneOf</c>,
/// <c>allOf</c> (merged), local <c>$ref</c> (recursion allowed), and <c>minimum</c>/<c>maximum</c>/exclusive
/// bounds on integers.
/// Properties come out in declared order; required ones always, optional ones may be left out. With
/// <c>properties</c> and no <c>additionalProperties</c> only the declared properties are generated.
/// Not enforced (so generated values may violate them): <c>minimum</c>/<c>maximum</c> on non-integer
/// numbers, and the exclusivity of <c>oneOf</c>. Numbers are written without exponent, with at most
/// <see cref="JsonGrammarOptions.MaxIntegerDigits"/> and <see cref="JsonGrammarOptions.MaxFractionDigits"/> digits.
/// Keywords whose constraint cannot be expressed (<c>not</c>, <c>if</c>, <c>patternProperties</c>,
/// <c>uniqueItems</c>, <c>multipleOf</c>, ...) throw <see cref="NotSupportedException"/> naming the schema path.
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>GBNF for any JSON object (for a JSON response format without schema), with default options.</summary>
    public static string AnyJsonObject { get; } = Build(JsonGrammarOptions.Default, (rules, root) => rules.Builder.Define(root, rules.AnyObject));

    /// <summary>GBNF whose <c>root</c> rule generates exactly the JSON values valid under <paramref name="schema"/>.</summary>
    /// <param name="schema">A JSON Schema: an object, <c>true</c>/<c>{}</c> (any JSON value) or an undefined element (same as <c>{}</c>).</param>
    /// <param name="options">Whitespace, number and string limits; null for <see cref="JsonGrammarOptions.Default"/>.</param>
    /// <exception cref="NotSupportedException">A keyword (combination) cannot be expressed; the message names the JSON path.</exception>
    /// <exception cref="ArgumentException">The schema is malformed (e.g. a dangling <c>$ref</c>).</exception>
    public static string FromSchema(JsonElement schema, JsonGrammarOptions? options = null)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Undefined))
        {
            throw new ArgumentException($"A JSON Schema must be an object or a boolean, not {schema.ValueKind}.", nameof(schema));
        }

        return Build(options ?? JsonGrammarOptions.Default, (rules, root) =>
            new SchemaGrammarCompiler(new SchemaDocument(schema), rules).CompileDocument(root));
    }

    /// <summary>GBNF for any JSON object under the given options.</summary>
    public static string ForAnyObject(JsonGrammarOptions? options = null) =>
        Build(options ?? JsonGrammarOptions.Default, (rules, root) => rules.Builder.Define(root, rules.AnyObject));

    private static string Build(JsonGrammarOptions options, Action<JsonGrammarRules, string> defineRoot)
    {
        options.Validate();
        var builder = new GbnfGrammarBuilder();
        var rules = new JsonGrammarRules(builder, options);
        string root = builder.ReserveExact("root");
        defineRoot(rules, root);
        return builder.Build(root);
    }
}
