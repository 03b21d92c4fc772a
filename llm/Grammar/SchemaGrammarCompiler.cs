using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Compiles one JSON Schema document into GBNF rules. Each <c>$ref</c> target becomes one named rule,
/// so recursive schemas become recursive rules.
/// </summary>
internal sealed class SchemaGrammarCompiler
{
    private const int MaxDepth = 64;

    // Keywords whose constraint the grammar cannot enforce; failing loudly beats generating invalid JSON.
    private static readonly string[] UnsupportedKeywords =
    [
        "not", "if", "then", "else", "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas",
        "dependencies", "unevaluatedProperties", "unevaluatedItems", "contains", "minContains", "maxContains",
        "multipleOf", "$dynamicRef", "$recursiveRef",
    ];

    private static readonly string[] ObjectKeywords = ["properties", "required", "additionalProperties", "minProperties", "maxProperties"];
    private static readonly string[] ArrayKeywords = ["items", "prefixItems", "additionalItems", "minItems", "maxItems"];
    private static readonly string[] StringKeywords = ["minLength", "maxLength", "pattern", "format"];
    private static readonly string[] NumberKeywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
    private static readonly string[] KnownFormats = ["date", "time", "date-time", "uuid"];

    private readonly SchemaDocument _doc;
    private readonly JsonGrammarRules _rules;
    private readonly GbnfGrammarBuilder _builder;
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);

    public SchemaGrammarCompiler(SchemaDocument doc, JsonGrammarRules rules)
    {
        _doc = doc;
        _rules = rules;
        _builder = rules.Builder;
    }

    private JsonGrammarOptions Options => _rules.Options;

    /// <summary>Defines rule <paramref name="ruleName"/> (already reserved) as the whole document; <c>$ref: "#"</c> points back to it.</summary>
    public void CompileDocument(string ruleName)
    {
        _refRules["#"] = ruleName;
        _builder.Define(ruleName, Compile(_doc.Root, "#", ruleName, 0));
    }

    private GbnfExpr Compile(JsonElement schema, string path, string hint, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"The schema at '{path}' nests too deeply (more than {MaxDepth} levels of combinators).");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.Undefined:
                return _rules.Value;
            case JsonValueKind.False:
                throw new NotSupportedException($"The schema at '{path}' is 'false', which admits no value.");
            case JsonValueKind.Object:
                break;
            default:
                throw new ArgumentException($"Invalid schema at '{path}': expected an object or boolean but found {schema.ValueKind}.");
        }

        foreach (string keyword in UnsupportedKeywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                throw new NotSupportedException($"The keyword '{keyword}' at '{path}' is not supported by the grammar generator.");
            }
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            throw new NotSupportedException($"The keyword 'uniqueItems' at '{path}' is not supported by the grammar generator.");
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            string target = reference.GetString() ?? throw new ArgumentException($"Invalid schema at '{path}': $ref must be a string.");
            if (!HasConstraints(schema, "$ref"))
            {
                return RefRule(target, path);
            }

            return Compile(SchemaMerger.Merge(_doc, [Without(schema, "$ref"), Only(schema, "$ref")], path), path, hint, depth + 1);
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            var parts = new List<JsonElement> { Without(schema, "allOf") };
            parts.AddRange(allOf.EnumerateArray());
            return Compile(SchemaMerger.Merge(_doc, parts, path), path + "/allOf", hint, depth + 1);
        }

        bool hasAnyOf = schema.TryGetProperty("anyOf", out var anyOf);
        bool hasOneOf = schema.TryGetProperty("oneOf", out var oneOf);
        if (hasAnyOf && hasOneOf)
        {
            throw new NotSupportedException($"The schema at '{path}' has both 'anyOf' and 'oneOf'; that combination is not supported.");
        }

        if (hasAnyOf || hasOneOf)
        {
            // oneOf is generated like anyOf: exclusivity cannot be expressed in a grammar, so overlapping
            // oneOf branches may yield a value that matches two of them.
            string keyword = hasAnyOf ? "anyOf" : "oneOf";
            var branches = (hasAnyOf ? anyOf : oneOf).EnumerateArray().ToList();
            if (branches.Count == 0)
            {
                throw new ArgumentException($"Invalid schema at '{path}': '{keyword}' is empty.");
            }

            var siblings = Without(schema, keyword);
            bool merge = HasConstraints(siblings);
            var options = branches.Select((branch, i) =>
            {
                string branchPath = $"{path}/{keyword}/{i}";
                var effective = merge ? SchemaMerger.Merge(_doc, [siblings, branch], branchPath) : branch;
                return _builder.Add($"{hint}-{i}", Compile(effective, branchPath, $"{hint}-{i}", depth + 1));
            });
            return GbnfExpr.Alt(options);
        }

        if (schema.TryGetProperty("const", out var constValue))
        {
            return CompileEnum([constValue], schema, path);
        }

        if (schema.TryGetProperty("enum", out var enumValues))
        {
            if (enumValues.ValueKind != JsonValueKind.Array || enumValues.GetArrayLength() == 0)
            {
                throw new ArgumentException($"Invalid schema at '{path}': 'enum' must be a non-empty array.");
            }

            return CompileEnum(enumValues.EnumerateArray().ToList(), schema, path);
        }

        var types = Types(schema, path);
        if (types.Count == 0)
        {
            return _rules.Value;
        }

        if (types.Contains("number"))
        {
            types.Remove("integer"); // Every integer is a number.
        }

        // One type compiles in place (the caller names it); several become named alternatives.
        var compiled = types.Select(type => type switch
        {
            "object" => CompileObject(schema, path, hint, depth),
            "array" => CompileArray(schema, path, hint, depth),
            "string" => CompileString(schema, path),
            "integer" => CompileInteger(schema, path),
            "number" => _rules.Number,
            "boolean" => _rules.Boolean,
            "null" => _rules.Null,
            _ => throw new ArgumentException($"Invalid schema at '{path}': unknown type '{type}'."),
        }).ToList();
        return compiled.Count == 1 ? compiled[0] : GbnfExpr.Alt(compiled.Select(c => _builder.Add(hint, c)));
    }

    private GbnfExpr RefRule(string reference, string path)
    {
        var (target, pointer) = _doc.Resolve(reference, path);
        if (_refRules.TryGetValue(pointer, out string? existing))
        {
            return GbnfExpr.Ref(existing);
        }

        string name = _builder.Reserve(pointer[(pointer.LastIndexOf('/') + 1)..], origin: pointer);
        _refRules[pointer] = name;
        _builder.Define(name, Compile(target, pointer, name, 0));
        return GbnfExpr.Ref(name);
    }

    private GbnfExpr CompileEnum(IReadOnlyList<JsonElement> values, JsonElement schema, string path)
    {
        // Values the rest of the schema rejects (e.g. a string in an integer enum) are left out.
        var rest = Without(schema, "enum", "const");
        var kept = values.Where(v => JsonSchemaValidator.IsValid(_doc, rest, v)).ToList();
        if (kept.Count == 0)
        {
            throw new NotSupportedException($"No value of the enum/const at '{path}' satisfies the rest of its schema.");
        }

        return GbnfExpr.Alt(kept.Select(v => GbnfExpr.Lit(JsonGrammarRules.CompactJson(v))));
    }

    private List<string> Types(JsonElement schema, string path)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            List<string> list = type.ValueKind switch
            {
                JsonValueKind.String => [type.GetString()!],
                JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString() ?? throw new ArgumentException($"Invalid schema at '{path}': type entries must be strings.")).ToList(),
                _ => throw new ArgumentException($"Invalid schema at '{path}': 'type' must be a string or an array."),
            };
            if (list.Count == 0)
            {
                throw new ArgumentException($"Invalid schema at '{path}': 'type' is an empty array.");
            }

            return list.Distinct().ToList();
        }

        // No type: keywords only constrain values of their own type, so generating that type is safe.
        var inferred = new List<string>();
        if (ObjectKeywords.Any(k => schema.TryGetProperty(k, out _)))
        {
            inferred.Add("object");
        }

        if (ArrayKeywords.Any(k => schema.TryGetProperty(k, out _)))
        {
            inferred.Add("array");
        }

        if (StringKeywords.Any(k => schema.TryGetProperty(k, out _)))
        {
            inferred.Add("string");
        }

        if (NumberKeywords.Any(k => schema.TryGetProperty(k, out _)))
        {
            inferred.Add("number");
        }

        return inferred;
    }

    private GbnfExpr CompileObject(JsonElement schema, string path, string hint, int depth)
    {
        var properties = new List<(string Name, JsonElement Schema, string Path)>();
        if (schema.TryGetProperty("properties", out var props))
        {
            if (props.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Invalid schema at '{path}': 'properties' must be an object.");
            }

            properties.AddRange(props.EnumerateObject().Select(p => (p.Name, p.Value, SchemaDocument.Append(path + "/properties", p.Name))));
        }

        var required = new List<string>();
        if (schema.TryGetProperty("required", out var req))
        {
            required.AddRange(req.EnumerateArray().Select(r => r.GetString() ?? throw new ArgumentException($"Invalid schema at '{path}': 'required' entries must be strings.")).Distinct());
        }

        // A 'properties' keyword without additionalProperties means "only those" (even when empty, as in a
        // parameterless tool): a model gains nothing from inventing keys.
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        bool extraAllowed = hasAdditional ? additional.ValueKind != JsonValueKind.False : !schema.TryGetProperty("properties", out _);
        string additionalPath = path + "/additionalProperties";
        JsonElement extraSchema = hasAdditional ? additional : default;

        // Required but undeclared names are generated after the declared ones, with the additionalProperties schema.
        foreach (string name in required.Where(n => properties.All(p => p.Name != n)))
        {
            if (hasAdditional && additional.ValueKind == JsonValueKind.False)
            {
                throw new NotSupportedException($"The property \"{name}\" is required at '{path}' but additionalProperties is false.");
            }

            properties.Add((name, extraSchema, additionalPath));
        }

        int? minProperties = GetInt(schema, "minProperties", path);
        int? maxProperties = GetInt(schema, "maxProperties", path);
        if (properties.Count == 0)
        {
            if (!extraAllowed)
            {
                return minProperties > 0
                    ? throw new NotSupportedException($"The object at '{path}' needs properties but allows none.")
                    : _rules.Enclose("{", "}", GbnfExpr.Empty, nullable: true);
            }

            var value = _builder.Add(hint + "-value", Compile(extraSchema, additionalPath, hint + "-value", depth + 1));
            if (value is GbnfExpr.RuleRef { Name: "value" } && minProperties is null && maxProperties is null)
            {
                return _rules.AnyObject;
            }

            return _rules.ObjectOf(_rules.String, value, minProperties ?? 0, maxProperties);
        }

        if (minProperties is not null || maxProperties is not null)
        {
            throw new NotSupportedException($"'minProperties'/'maxProperties' together with 'properties' at '{path}' are not supported by the grammar generator.");
        }

        var pieces = new List<(GbnfExpr Member, bool Required, bool Repeated)>();
        foreach (var (name, propertySchema, propertyPath) in properties)
        {
            string propertyHint = $"{hint}-{name}";
            var value = _builder.Add(propertyHint, Compile(propertySchema, propertyPath, propertyHint, depth + 1));
            var member = GbnfExpr.Seq(GbnfExpr.Lit(JsonGrammarRules.JsonString(name)), GbnfExpr.Lit(":"), _rules.Space, value);
            pieces.Add((member, required.Contains(name), false));
        }

        if (extraAllowed)
        {
            var key = _builder.Add(hint + "-key", KeyNotIn(properties.Select(p => p.Name)));
            var value = _builder.Add(hint + "-value", Compile(extraSchema, additionalPath, hint + "-value", depth + 1));
            pieces.Add((_builder.Add(hint + "-extra", GbnfExpr.Seq(key, GbnfExpr.Lit(":"), _rules.Space, value)), false, true));
        }

        bool anyRequired = pieces.Any(p => p.Required);
        return _rules.Enclose("{", "}", Members(pieces, hint), nullable: !anyRequired);
    }

    // Members in declared order: required ones always, optional ones maybe, commas only between present ones.
    private GbnfExpr Members(List<(GbnfExpr Member, bool Required, bool Repeated)> pieces, string hint)
    {
        var tails = new GbnfExpr[pieces.Count + 1];
        tails[pieces.Count] = GbnfExpr.Empty;
        int firstRequired = pieces.FindIndex(p => p.Required);
        int leading = firstRequired < 0 ? pieces.Count : firstRequired;
        for (int k = pieces.Count - 1; k >= 0; k--)
        {
            var (member, required, repeated) = pieces[k];
            var withComma = GbnfExpr.Seq(GbnfExpr.Lit(","), _rules.Space, member);
            var piece = required ? withComma : repeated ? GbnfExpr.Rep(withComma, 0, null) : GbnfExpr.Opt(withComma);
            tails[k] = GbnfExpr.Seq(piece, tails[k + 1]);

            // Tails are shared by every leading-optional alternative; naming them keeps the grammar linear.
            if (leading > 1 && k <= leading && k > 0)
            {
                tails[k] = _builder.Add(hint + "-tail", tails[k]);
            }
        }

        var alternatives = new List<GbnfExpr>();
        for (int k = 0; k < pieces.Count && k <= leading; k++)
        {
            var (member, _, repeated) = pieces[k];
            alternatives.Add(repeated
                ? GbnfExpr.Seq(member, GbnfExpr.Rep(GbnfExpr.Seq(GbnfExpr.Lit(","), _rules.Space, member), 0, null))
                : GbnfExpr.Seq(member, tails[k + 1]));
        }

        return GbnfExpr.Alt(alternatives);
    }

    // A JSON object key whose decoded text is none of the declared names. Escapes are allowed only after the
    // key has already differed from every name, so an escape cannot spell a declared name in disguise.
    private GbnfExpr KeyNotIn(IEnumerable<string> names)
    {
        var trie = new KeyTrie();
        foreach (string name in names)
        {
            var node = trie;
            foreach (var rune in name.EnumerateRunes())
            {
                if (!node.Children.TryGetValue(rune.Value, out var child))
                {
                    node.Children[rune.Value] = child = new KeyTrie();
                }

                node = child;
            }

            node.Terminal = true;
        }

        var freeTail = GbnfExpr.Seq(GbnfExpr.Rep(_rules.Char, 0, Options.DefaultMaxStringLength), GbnfExpr.Lit("\""));
        GbnfExpr Node(KeyTrie node)
        {
            var options = new List<GbnfExpr>();
            if (!node.Terminal)
            {
                options.Add(GbnfExpr.Lit("\""));
            }

            var diverge = JsonGrammarRules.RawStringChars.Except(CodePointSet.FromRanges(node.Children.Keys.Select(c => (c, c))));
            options.Add(GbnfExpr.Seq(GbnfExpr.Chars(diverge), freeTail));
            foreach (var (c, child) in node.Children.OrderBy(kv => kv.Key))
            {
                if (JsonGrammarRules.RawStringChars.Contains(c))
                {
                    options.Add(GbnfExpr.Seq(GbnfExpr.Lit(char.ConvertFromUtf32(c)), Node(child)));
                }
            }

            return GbnfExpr.Alt(options);
        }

        return GbnfExpr.Seq(GbnfExpr.Lit("\""), Node(trie));
    }

    private GbnfExpr CompileArray(JsonElement schema, string path, string hint, int depth)
    {
        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            throw new NotSupportedException($"The keyword 'uniqueItems' at '{path}' is not supported by the grammar generator.");
        }

        // 2020-12: prefixItems + items. Drafts 4-7: items as an array + additionalItems.
        var prefix = new List<(JsonElement Schema, string Path)>();
        JsonElement rest = default;
        string restPath = path + "/items";
        bool hasItems = schema.TryGetProperty("items", out var items);
        if (hasItems && items.ValueKind == JsonValueKind.Array)
        {
            prefix.AddRange(items.EnumerateArray().Select((s, i) => (s, $"{path}/items/{i}")));
            schema.TryGetProperty("additionalItems", out rest);
            restPath = path + "/additionalItems";
        }
        else
        {
            if (schema.TryGetProperty("prefixItems", out var prefixItems))
            {
                prefix.AddRange(prefixItems.EnumerateArray().Select((s, i) => (s, $"{path}/prefixItems/{i}")));
            }

            rest = hasItems ? items : default;
        }

        int min = GetInt(schema, "minItems", path) ?? 0;
        int? max = GetInt(schema, "maxItems", path);
        bool restAllowed = rest.ValueKind != JsonValueKind.False;
        if (!restAllowed)
        {
            max = Math.Min(max ?? prefix.Count, prefix.Count);
        }

        if (max < min)
        {
            throw new NotSupportedException($"The array at '{path}' needs at least {min} items but allows at most {max}.");
        }

        if (min > GbnfExpr.MaxRepetitionBound)
        {
            throw new NotSupportedException($"minItems {min} at '{path}' exceeds llama.cpp's repetition limit of {GbnfExpr.MaxRepetitionBound}.");
        }

        var restItem = restAllowed ? _builder.Add(hint + "-item", Compile(rest, restPath, hint + "-item", depth + 1)) : GbnfExpr.Empty;
        int used = Math.Min(prefix.Count, max ?? int.MaxValue);
        if (used == 0)
        {
            return rest.ValueKind is JsonValueKind.Undefined or JsonValueKind.True && min == 0 && max is null
                ? _rules.AnyArray
                : _rules.ArrayOf(restItem, min, max);
        }

        var elements = prefix.Take(used)
            .Select((p, i) => _builder.Add($"{hint}-{i}", Compile(p.Schema, p.Path, $"{hint}-{i}", depth + 1)))
            .ToList();

        // Built from the end: each later position is optional unless minItems reaches it.
        var after = restAllowed && used == prefix.Count
            ? GbnfExpr.Rep(GbnfExpr.Seq(GbnfExpr.Lit(","), _rules.Space, restItem), Math.Max(0, min - used), max - used)
            : GbnfExpr.Empty;
        for (int k = used - 1; k >= 1; k--)
        {
            var element = GbnfExpr.Seq(GbnfExpr.Lit(","), _rules.Space, elements[k], after);
            after = k < min ? element : GbnfExpr.Opt(element);
        }

        return _rules.Enclose("[", "]", GbnfExpr.Seq(elements[0], after), nullable: min == 0);
    }

    private GbnfExpr CompileString(JsonElement schema, string path)
    {
        int? minLength = GetInt(schema, "minLength", path);
        int? maxLength = GetInt(schema, "maxLength", path);
        string? format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        bool knownFormat = format is not null && KnownFormats.Contains(format);

        if (schema.TryGetProperty("pattern", out var pattern))
        {
            if (minLength is not null || maxLength is not null || knownFormat)
            {
                throw new NotSupportedException($"'pattern' together with minLength/maxLength/format at '{path}' is not supported by the grammar generator.");
            }

            return RegexGrammar.Translate(pattern.GetString() ?? "", path + "/pattern", _rules);
        }

        if (knownFormat)
        {
            if (minLength is not null || maxLength is not null)
            {
                throw new NotSupportedException($"'format' together with minLength/maxLength at '{path}' is not supported by the grammar generator.");
            }

            return _rules.Format(format!);
        }

        int min = minLength ?? 0;
        int? max = maxLength ?? (Options.DefaultMaxStringLength is int d ? Math.Max(d, min) : null);
        if (max < min)
        {
            throw new NotSupportedException($"The string at '{path}' needs at least {min} characters but allows at most {max}.");
        }

        if (min > GbnfExpr.MaxRepetitionBound)
        {
            throw new NotSupportedException($"minLength {min} at '{path}' exceeds llama.cpp's repetition limit of {GbnfExpr.MaxRepetitionBound}.");
        }

        return min == 0 && max == Options.DefaultMaxStringLength ? _rules.String : _rules.StringBody(min, max);
    }

    private GbnfExpr CompileInteger(JsonElement schema, string path)
    {
        decimal? lo = null, hi = null;
        void Lower(decimal v) => lo = lo is null ? v : Math.Max(lo.Value, v);
        void Upper(decimal v) => hi = hi is null ? v : Math.Min(hi.Value, v);

        bool exclusiveMinFlag = schema.TryGetProperty("exclusiveMinimum", out var exMin) && exMin.ValueKind == JsonValueKind.True;
        bool exclusiveMaxFlag = schema.TryGetProperty("exclusiveMaximum", out var exMax) && exMax.ValueKind == JsonValueKind.True;
        if (GetDecimal(schema, "minimum", path) is decimal min)
        {
            Lower(exclusiveMinFlag ? decimal.Floor(min) + 1 : decimal.Ceiling(min));
        }

        if (GetDecimal(schema, "maximum", path) is decimal max)
        {
            Upper(exclusiveMaxFlag ? decimal.Ceiling(max) - 1 : decimal.Floor(max));
        }

        if (exMin.ValueKind == JsonValueKind.Number)
        {
            Lower(decimal.Floor(exMin.GetDecimal()) + 1);
        }

        if (exMax.ValueKind == JsonValueKind.Number)
        {
            Upper(decimal.Ceiling(exMax.GetDecimal()) - 1);
        }

        if (lo is null && hi is null)
        {
            return _rules.Integer;
        }

        // Unbounded sides get the usual digit budget, widened if an explicit bound needs more digits.
        const decimal Limit = 999_999_999_999_999_999m;
        if (lo > Limit || hi < -Limit)
        {
            throw new NotSupportedException($"The integer bounds at '{path}' need more than 18 digits.");
        }

        decimal cap = IntegerRangeGrammar.Pow10(Options.MaxIntegerDigits) - 1;
        decimal low = Math.Clamp(lo ?? -Math.Max(cap, Widen(hi!.Value)), -Limit, Limit);
        decimal high = Math.Clamp(hi ?? Math.Max(cap, Widen(lo!.Value)), -Limit, Limit);
        if (low > high)
        {
            throw new NotSupportedException($"No integer at '{path}' satisfies its minimum/maximum.");
        }

        return IntegerRangeGrammar.Build((long)low, (long)high);

        static decimal Widen(decimal bound) =>
            IntegerRangeGrammar.Pow10(Math.Min(18, decimal.Abs(bound).ToString(System.Globalization.CultureInfo.InvariantCulture).Length)) - 1;
    }

    private static int? GetInt(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal d) || d < 0 || d != decimal.Floor(d))
        {
            throw new ArgumentException($"Invalid schema at '{path}': '{keyword}' must be a non-negative integer, not {value.GetRawText()}.");
        }

        return d > int.MaxValue ? int.MaxValue : (int)d;
    }

    private static decimal? GetDecimal(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal d))
        {
            throw new ArgumentException($"Invalid schema at '{path}': '{keyword}' must be a number, not {value.GetRawText()}.");
        }

        return d;
    }

    // Whether a schema says anything beyond annotations (ignoring the listed keywords).
    private static bool HasConstraints(JsonElement schema, params string[] ignore) =>
        schema.ValueKind == JsonValueKind.Object
        && schema.EnumerateObject().Any(p => !SchemaMerger.IsAnnotation(p.Name) && !ignore.Contains(p.Name));

    private static JsonElement Without(JsonElement schema, params string[] keywords)
    {
        var node = new JsonObject();
        foreach (var p in schema.EnumerateObject().Where(p => !keywords.Contains(p.Name)))
        {
            node[p.Name] = JsonSerializer.SerializeToNode(p.Value);
        }

        return JsonSerializer.SerializeToElement(node);
    }

    private static JsonElement Only(JsonElement schema, string keyword) =>
        JsonSerializer.SerializeToElement(new JsonObject { [keyword] = JsonSerializer.SerializeToNode(schema.GetProperty(keyword)) });

    private sealed class KeyTrie
    {
        public Dictionary<int, KeyTrie> Children { get; } = [];

        public bool Terminal { get; set; }
    }
}
