using AgentRec.Llm.Runtime;

namespace AgentRec.Llm.Tests.Runtime;

public sealed class Utf8ScannerTests
{
    [Theory]
    [InlineData(new byte[] { 0x41 }, true, false)]
    [InlineData(new byte[] { 0xC3, 0xA9 }, true, false)]                 // é
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, true, true)]            // first 3 bytes of 😀: a valid prefix
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, true, false)]     // 😀
    [InlineData(new byte[] { 0xC0, 0x80 }, false, false)]                // overlong NUL
    [InlineData(new byte[] { 0xE0, 0x81, 0x81 }, false, false)]          // overlong 'A'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, false, false)]          // UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, false, false)]    // above U+10FFFF
    [InlineData(new byte[] { 0x80 }, false, false)]                      // stray continuation byte
    [InlineData(new byte[] { 0xF8 }, false, false)]
    public void AcceptsExactlyWellFormedUtf8(byte[] bytes, bool valid, bool insideCodePoint)
    {
        Assert.Equal(valid, Utf8Scanner.Start.TryAdvance(bytes, out var state));
        Assert.Equal(insideCodePoint, state.InsideCodePoint);
        Assert.Equal(valid, IsStrictUtf8Prefix(bytes));
    }

    [Fact]
    public void ContinuesAcrossTokens()
    {
        Assert.True(Utf8Scanner.Start.TryAdvance([0xE2], out var state));
        Assert.True(state.InsideCodePoint);
        Assert.False(state.TryAdvance([0x41], out _));
        Assert.True(state.TryAdvance([0x82, 0xAC, 0x20], out var after)); // "€ "
        Assert.False(after.InsideCodePoint);
    }

    // Cross-check with .NET's strict decoder: a complete sequence decodes without U+FFFD.
    private static bool IsStrictUtf8Prefix(byte[] bytes)
    {
        var decoder = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            var chars = new char[8];
            decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
