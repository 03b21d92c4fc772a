using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.Grammar;

/// <summary>
/// Grammar for tool calls in the Hermes / Qwen2.5 wire format that many chat GGUFs are trained on:
/// <code>
/// &lt;tool_call&gt;
/// {"name": "search_catalog", "arguments": {"query": "space opera"}}
/// &lt;/tool_call&gt;
/// </code>
/// The name is one of the declared tools and the arguments follow that tool's parameter schema.
/// </summary>
public static class ToolCallGrammar
{
    /// <summary>Text that opens a tool call; use it as the lazy-grammar trigger (free text until it appears).</summary>
    public const string TriggerText = "<tool_call>";

    /// <summary>Text that closes a tool call.</summary>
    public const string EndText = "</tool_call>";

    /// <summary>Separator written between consecutive tool calls.</summary>
    public const string CallSeparator = "\n";

    /// <summary>
    /// GBNF whose root is one tool call, or (with <paramref name="allowMultiple"/>) one or more calls separated by
    /// a newline. The root starts with <see cref="TriggerText"/>, as llama.cpp's lazy grammar expects.
    /// </summary>
    /// <exception cref="NotSupportedException">A tool's schema uses a keyword the grammar cannot express; the message names the tool and path.</exception>
    public static string Build(IReadOnlyList<AIFunctionDeclaration> tools, bool allowMultiple = true, JsonGrammarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        if (tools.Count == 0)
        {
            throw new ArgumentException("At least one tool is needed to build a tool-call grammar.", nameof(tools));
        }

        options ??= JsonGrammarOptions.Default;
        options.Validate();
        var duplicate = tools.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The tool name '{duplicate.Key}' is declared more than once.", nameof(tools));
        }

        var builder = new GbnfGrammarBuilder();
        var rules = new JsonGrammarRules(builder, options);
        string root = builder.ReserveExact("root");
        var calls = new List<GbnfExpr>();
        foreach (var tool in tools)
        {
            if (string.IsNullOrEmpty(tool.Name))
            {
                throw new ArgumentException("Every tool needs a name.", nameof(tools));
            }

            string argsRule = builder.Reserve(tool.Name + "-args", origin: tool.Name);
            try
            {
                if (AcceptsAnyObject(tool.JsonSchema))
                {
                    builder.Define(argsRule, rules.AnyObject);
                }
                else
                {
                    new SchemaGrammarCompiler(new SchemaDocument(tool.JsonSchema), rules).CompileDocument(argsRule);
                }
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"Tool '{tool.Name}': {e.Message}", e);
            }

            calls.Add(GbnfExpr.Seq(
                GbnfExpr.Lit(JsonGrammarRules.JsonString(tool.Name) + ", \"arguments\": "),
                GbnfExpr.Ref(argsRule)));
        }

        var call = builder.Add("tool-call", GbnfExpr.Seq(
            GbnfExpr.Lit(TriggerText + "\n{\"name\": "),
            GbnfExpr.Alt(calls),
            GbnfExpr.Lit("}\n" + EndText)));
        var body = allowMultiple
            ? GbnfExpr.Seq(call, GbnfExpr.Rep(GbnfExpr.Seq(GbnfExpr.Lit(CallSeparator), call), 0, null))
            : call;
        builder.Define(root, body);
        return builder.Build(root);
    }

    // Arguments are always a JSON object; a schema that says nothing more admits any object.
    private static bool AcceptsAnyObject(JsonElement schema) => schema.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.True => true,
        JsonValueKind.Object => !schema.EnumerateObject().Any(p => !SchemaMerger.IsAnnotation(p.Name) && p.Name != "type")
            && (!schema.TryGetProperty("type", out var type) || type.ValueKind == JsonValueKind.String && type.GetString() == "object"),
        _ => false,
    };
}
