using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentRec.Llm.Grammar;

/// <summary>The shared JSON building blocks (whitespace, strings, numbers, any value) of one grammar.</summary>
internal sealed class JsonGrammarRules(GbnfGrammarBuilder builder, JsonGrammarOptions options)
{
    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Indented = false,
        // Keeps non-ASCII text readable; the result is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Characters that may appear unescaped inside a JSON string in our grammars.</summary>
    public static readonly CodePointSet RawStringChars =
        CodePointSet.Of('"', '\\', 0x7F).Union(CodePointSet.Range(0, 0x1F)).Complement();

    public GbnfGrammarBuilder Builder => builder;

    public JsonGrammarOptions Options => options;

    public GbnfExpr Space => options.Whitespace switch
    {
        JsonWhitespace.None => GbnfExpr.Empty,
        JsonWhitespace.SingleSpace => builder.Shared("space", () => GbnfExpr.Opt(GbnfExpr.Lit(" "))),
        _ => builder.Shared("space", () => GbnfExpr.Alt(
            GbnfExpr.Empty,
            GbnfExpr.Lit(" "),
            GbnfExpr.Seq(GbnfExpr.Lit("\n"), GbnfExpr.Rep(GbnfExpr.Chars(CodePointSet.Of(' ', '\t')), 0, options.MaxIndentation)))),
    };

    /// <summary>One character of JSON string content: a raw character or an escape (never a lone surrogate).</summary>
    public GbnfExpr Char => builder.Shared("char", () =>
    {
        var hex = GbnfExpr.Chars(CodePointSet.FromRanges([('0', '9'), ('a', 'f'), ('A', 'F')]));
        var nonSurrogate = GbnfExpr.Alt(
            GbnfExpr.Seq(GbnfExpr.Chars(CodePointSet.FromRanges([('0', '9'), ('a', 'c'), ('A', 'C'), ('e', 'f'), ('E', 'F')])), GbnfExpr.Rep(hex, 3, 3)),
            GbnfExpr.Seq(GbnfExpr.Chars(CodePointSet.Of('d', 'D')), GbnfExpr.Chars('0', '7'), GbnfExpr.Rep(hex, 2, 2)));
        var escape = GbnfExpr.Seq(
            GbnfExpr.Lit("\\"),
            GbnfExpr.Alt(GbnfExpr.Chars(CodePointSet.Of('"', '\\', '/', 'b', 'f', 'n', 'r', 't')), GbnfExpr.Seq(GbnfExpr.Lit("u"), nonSurrogate)));
        return GbnfExpr.Alt(GbnfExpr.Chars(RawStringChars), escape);
    });

    public GbnfExpr String => builder.Shared("string", () => StringBody(0, options.DefaultMaxStringLength));

    public GbnfExpr StringBody(int minLength, int? maxLength) =>
        GbnfExpr.Seq(GbnfExpr.Lit("\""), GbnfExpr.Rep(Char, minLength, maxLength), GbnfExpr.Lit("\""));

    public GbnfExpr Integer => builder.Shared("integer", () => GbnfExpr.Seq(GbnfExpr.Opt(GbnfExpr.Lit("-")), UnsignedInteger()));

    public GbnfExpr Number => builder.Shared("number", () => GbnfExpr.Seq(
        GbnfExpr.Opt(GbnfExpr.Lit("-")),
        UnsignedInteger(),
        options.MaxFractionDigits == 0
            ? GbnfExpr.Empty
            : GbnfExpr.Opt(GbnfExpr.Seq(GbnfExpr.Lit("."), GbnfExpr.Rep(GbnfExpr.Chars('0', '9'), 1, options.MaxFractionDigits)))));

    public GbnfExpr Boolean => builder.Shared("boolean", () => GbnfExpr.Alt(GbnfExpr.Lit("true"), GbnfExpr.Lit("false")));

    public GbnfExpr Null => builder.Shared("null", () => GbnfExpr.Lit("null"));

    public GbnfExpr Value => builder.Shared("value", () => GbnfExpr.Alt(AnyObject, AnyArray, String, Number, Boolean, Null));

    public GbnfExpr AnyObject => builder.Shared("object", () => ObjectOf(String, Value, 0, null));

    public GbnfExpr AnyArray => builder.Shared("array", () => ArrayOf(Value, 0, null));

    /// <summary><c>{ key: value, ... }</c> with between <paramref name="min"/> and <paramref name="max"/> members.</summary>
    public GbnfExpr ObjectOf(GbnfExpr key, GbnfExpr value, int min, int? max)
    {
        var member = builder.Add("member", GbnfExpr.Seq(key, GbnfExpr.Lit(":"), Space, value));
        return Enclose("{", "}", Separated(member, min, max), nullable: min == 0);
    }

    /// <summary><c>[ item, ... ]</c> with between <paramref name="min"/> and <paramref name="max"/> items.</summary>
    public GbnfExpr ArrayOf(GbnfExpr item, int min, int? max) =>
        Enclose("[", "]", Separated(item, min, max), nullable: min == 0);

    /// <summary><c>item ("," space item)*</c> with bounded count; empty when <paramref name="max"/> is 0.</summary>
    public GbnfExpr Separated(GbnfExpr item, int min, int? max)
    {
        if (max == 0)
        {
            return GbnfExpr.Empty;
        }

        var more = GbnfExpr.Rep(GbnfExpr.Seq(GbnfExpr.Lit(","), Space, item), Math.Max(0, min - 1), max - 1);
        return GbnfExpr.Seq(item, more);
    }

    /// <summary>Wraps members in brackets with whitespace after the opener and before the closer.</summary>
    public GbnfExpr Enclose(string open, string close, GbnfExpr members, bool nullable)
    {
        if (members.IsEmpty)
        {
            return GbnfExpr.Seq(GbnfExpr.Lit(open), Space, GbnfExpr.Lit(close));
        }

        var inner = GbnfExpr.Seq(members, Space);
        return GbnfExpr.Seq(GbnfExpr.Lit(open), Space, nullable ? GbnfExpr.Opt(inner) : inner, GbnfExpr.Lit(close));
    }

    /// <summary>A JSON string in one of the formats date, time, date-time or uuid (RFC 3339 / RFC 4122).</summary>
    public GbnfExpr Format(string format) => format switch
    {
        "date" => builder.Shared("date", () => Quoted(DateBody())),
        "time" => builder.Shared("time", () => Quoted(TimeBody())),
        "date-time" => builder.Shared("date-time", () => Quoted(GbnfExpr.Seq(DateBody(), GbnfExpr.Lit("T"), TimeBody()))),
        "uuid" => builder.Shared("uuid", () =>
        {
            var hex = GbnfExpr.Chars(CodePointSet.FromRanges([('0', '9'), ('a', 'f')]));
            GbnfExpr Hex(int n) => GbnfExpr.Rep(hex, n, n);
            var dash = GbnfExpr.Lit("-");
            return Quoted(GbnfExpr.Seq(Hex(8), dash, Hex(4), dash, Hex(4), dash, Hex(4), dash, Hex(12)));
        }),
        _ => throw new ArgumentException($"Unknown format '{format}'.", nameof(format)),
    };

    private static GbnfExpr Quoted(GbnfExpr body) => GbnfExpr.Seq(GbnfExpr.Lit("\""), body, GbnfExpr.Lit("\""));

    private static GbnfExpr Digit(char lo = '0', char hi = '9') => GbnfExpr.Chars(lo, hi);

    // Every month gets only days it always has (February stops at 28), so no impossible date is generated.
    private static GbnfExpr DateBody()
    {
        var day28 = GbnfExpr.Alt(GbnfExpr.Seq(GbnfExpr.Lit("0"), Digit('1')), GbnfExpr.Seq(GbnfExpr.Lit("1"), Digit()), GbnfExpr.Seq(GbnfExpr.Lit("2"), Digit('0', '8')));
        var day30 = GbnfExpr.Alt(day28, GbnfExpr.Lit("29"), GbnfExpr.Lit("30"));
        var day31 = GbnfExpr.Alt(day30, GbnfExpr.Lit("31"));
        GbnfExpr Months(params string[] months) => GbnfExpr.Alt(months.Select(GbnfExpr.Lit));
        return GbnfExpr.Seq(
            GbnfExpr.Rep(Digit(), 4, 4),
            GbnfExpr.Lit("-"),
            GbnfExpr.Alt(
                GbnfExpr.Seq(Months("01", "03", "05", "07", "08", "10", "12"), GbnfExpr.Lit("-"), day31),
                GbnfExpr.Seq(Months("04", "06", "09", "11"), GbnfExpr.Lit("-"), day30),
                GbnfExpr.Seq(GbnfExpr.Lit("02-"), day28)));
    }

    private static GbnfExpr TimeBody()
    {
        var hour = GbnfExpr.Alt(GbnfExpr.Seq(Digit('0', '1'), Digit()), GbnfExpr.Seq(GbnfExpr.Lit("2"), Digit('0', '3')));
        var minute = GbnfExpr.Seq(Digit('0', '5'), Digit());
        var offset = GbnfExpr.Alt(GbnfExpr.Lit("Z"), GbnfExpr.Seq(GbnfExpr.Chars(CodePointSet.Of('+', '-')), hour, GbnfExpr.Lit(":"), minute));
        return GbnfExpr.Seq(
            hour, GbnfExpr.Lit(":"), minute, GbnfExpr.Lit(":"), minute,
            GbnfExpr.Opt(GbnfExpr.Seq(GbnfExpr.Lit("."), GbnfExpr.Rep(Digit(), 1, 6))),
            offset);
    }

    /// <summary>The compact JSON text of a value, as a model following the grammar would write it.</summary>
    public static string CompactJson(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CompactWriter))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A JSON string literal (with quotes) for <paramref name="text"/>.</summary>
    public static string JsonString(string text)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CompactWriter))
        {
            writer.WriteStringValue(text);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private GbnfExpr UnsignedInteger() => GbnfExpr.Alt(
        GbnfExpr.Lit("0"),
        GbnfExpr.Seq(GbnfExpr.Chars('1', '9'), GbnfExpr.Rep(GbnfExpr.Chars('0', '9'), 0, options.MaxIntegerDigits - 1)));
}
