using AgentRec.Llm.Grammar;

namespace AgentRec.Llm.Tests.Grammar;

public class GbnfGrammarBuilderTests
{
    [Fact]
    public void Repeated_group_that_would_exceed_llama_rule_limit_is_moved_into_its_own_rule()
    {
        var builder = new GbnfGrammarBuilder();
        string root = builder.ReserveExact("root");
        var digit = GbnfExpr.Chars('0', '9');
        var group = GbnfExpr.Seq(GbnfExpr.Lit(","), GbnfExpr.Rep(digit, 0, 100));
        builder.Define(root, GbnfExpr.Rep(group, 0, 50));
        string gbnf = builder.Build(root);

        // llama.cpp counts ~101 rules for the group and multiplies by 50: above its limit of 2000.
        Assert.Equal("root ::= root-part{0,50}\nroot-part ::= \",\" [0-9]{0,100}\n", gbnf);
        Assert.True(new GbnfTestGrammar(gbnf).Accepts(",12,,3"));
    }

    [Fact]
    public void Small_repeated_group_stays_inline()
    {
        var builder = new GbnfGrammarBuilder();
        string root = builder.ReserveExact("root");
        builder.Define(root, GbnfExpr.Rep(GbnfExpr.Seq(GbnfExpr.Lit("a"), GbnfExpr.Rep(GbnfExpr.Lit("b"), 0, 3)), 1, 5));
        Assert.Equal("root ::= (\"a\" \"b\"{0,3}){1,5}\n", builder.Build(root));
    }

    [Fact]
    public void Identical_rule_bodies_are_shared()
    {
        var builder = new GbnfGrammarBuilder();
        string root = builder.ReserveExact("root");
        var body = GbnfExpr.Seq(GbnfExpr.Lit("x"), GbnfExpr.Opt(GbnfExpr.Lit("y")));
        var first = builder.Add("first", body);
        var second = builder.Add("second", body);
        Assert.Equal(first, second);
        builder.Define(root, GbnfExpr.Seq(first, second));
        Assert.Equal("root ::= first first\nfirst ::= \"x\" \"y\"?\n", builder.Build(root));
    }

    [Fact]
    public void Character_classes_escape_what_llama_cpp_needs()
    {
        var set = CodePointSet.Of('^', ']', '-', '\\', '"', '\n', 0xE9, 0x1F600);
        Assert.Equal("[\\n\\\"\\-\\\\-\\x5E\\xE9\\U0001F600]", GbnfExpr.Chars(set).Render());
        Assert.Equal("[^\\\"a]", GbnfExpr.Chars(CodePointSet.Of('"', 'a').Complement()).Render());
        Assert.Equal(".", GbnfExpr.Chars(CodePointSet.All).Render());
    }
}
