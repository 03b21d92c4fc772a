using AgentRec.Core.Data.Text;

namespace AgentRec.Core.Tests.Data.Text;

public sealed class PythonLiteralTests
{
    [Fact]
    public void String_lists_handle_both_quote_styles_and_escapes()
    {
        List<string> values = PythonLiteral.ParseStringList(@"['plain', ""it's"", 'Teacher\'s 8\""', 'back\\slash', 'tab\there', '\xe9\u00e9']");
        Assert.Equal(["plain", "it's", "Teacher's 8\"", @"back\slash", "tab\there", "éé"], values);
    }

    [Fact]
    public void Empty_list_and_trailing_comma_are_accepted()
    {
        Assert.Empty(PythonLiteral.ParseStringList(" [ ] "));
        Assert.Equal(["a"], PythonLiteral.ParseStringList("['a',]"));
    }

    [Fact]
    public void Int_lists_parse()
    {
        Assert.Equal([3466, 2697, 0], PythonLiteral.ParseIntList("[3466, 2697, 0]"));
        Assert.Equal([168], PythonLiteral.ParseIntList("[168]"));
    }

    [Theory]
    [InlineData("['it's']")]
    [InlineData("['a' 'b']")]
    [InlineData("'a'")]
    [InlineData("['a'] extra")]
    [InlineData("['open")]
    public void Invalid_string_lists_throw_with_an_offset(string text)
    {
        var error = Assert.Throws<FormatException>(() => PythonLiteral.ParseStringList(text));
        Assert.Contains("offset", error.Message);
    }

    [Fact]
    public void Invalid_int_list_throws()
    {
        Assert.Throws<FormatException>(() => PythonLiteral.ParseIntList("[1, x]"));
    }

    [Fact]
    public void Lenient_text_recovers_paragraphs_from_broken_literals()
    {
        string text = PythonLiteral.LenientListText("['Racks are built for it's durability', 'Fits 1 spool\\nor 2']");
        Assert.Equal("Racks are built for it's durability\nFits 1 spool\nor 2", text);
    }
}
