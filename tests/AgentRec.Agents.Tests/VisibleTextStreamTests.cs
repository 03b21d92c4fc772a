using AgentRec.Agents.Protocol;

namespace AgentRec.Agents.Tests;

public sealed class VisibleTextStreamTests
{
    [Theory]
    [InlineData("Ask[What kind of movie do you like?]", "What kind of movie do you like?")]
    [InlineData("Response[  Enjoy the film!   ]", "Enjoy the film!")]
    [InlineData("Ask[two  spaces\tand a tab ]", "two  spaces\tand a tab")]
    [InlineData("Search[funny space movies]", "")]
    [InlineData("Recommend[100043, 100070]", "")]
    [InlineData("{\"action\":\"ask\",\"text\":\"Ask[no]\"}", "")]
    [InlineData("Response[cut by the token limit  ", "cut by the token limit")]
    public void EveryWayOfChunkingYieldsWhatTheParserReturns(string output, string visible)
    {
        for (int size = 1; size <= output.Length; size++)
        {
            var stream = new VisibleTextStream();
            var pieces = new List<string>();
            for (int start = 0; start < output.Length; start += size)
            {
                pieces.Add(stream.Push(output.Substring(start, Math.Min(size, output.Length - start))));
            }

            Assert.Equal(visible, string.Concat(pieces));
            Assert.Equal(visible, stream.Emitted);
        }

        if (visible.Length > 0 && output.EndsWith(']'))
        {
            Assert.Equal(visible, ActionParser.Parse(output).Text);
        }
    }
}
