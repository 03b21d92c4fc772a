using AgentRec.Core.Catalog;
using AgentRec.Simulator.Text;

namespace AgentRec.Simulator.Tests.Text;

public sealed class TargetLeakGuardTests
{
    [Theory]
    [InlineData("I loved Usual Suspects, The (1995) back then.")]
    [InlineData("Have you seen The Usual Suspects?")]
    [InlineData("something like usual suspects")]
    [InlineData("USUAL-SUSPECTS")]
    [InlineData("Item 42 please")]
    public void Names_of_the_target_leak(string text)
    {
        var guard = new TargetLeakGuard(new CatalogItem("42", "Usual Suspects, The (1995)"));
        Assert.True(guard.Leaks(text));
    }

    [Theory]
    [InlineData("the usual crowd of suspects")]
    [InlineData("Item 420 or 4200, from the 1990s")]
    [InlineData("")]
    public void Other_text_does_not_leak(string text)
    {
        var guard = new TargetLeakGuard(new CatalogItem("42", "Usual Suspects, The (1995)"));
        Assert.False(guard.Leaks(text));
    }

    [Fact]
    public void Alternative_titles_subtitles_and_imdb_ids_count()
    {
        var lost = new TargetLeakGuard(new CatalogItem("29", "City of Lost Children, The (Cité des enfants perdus, La) (1995)"));
        Assert.True(lost.Leaks("the city of lost children"));
        Assert.True(lost.Leaks("La cité des enfants perdus"));

        var sequel = new TargetLeakGuard(new CatalogItem("77", "Police Academy 2: Their First Assignment (1985)")
        {
            Metadata = new Dictionary<string, string> { ["imdb_id"] = "tt0089822" },
        });
        Assert.True(sequel.Leaks("maybe police academy 2?"));
        Assert.True(sequel.Leaks("see tt0089822"));
        Assert.False(sequel.Leaks("a police comedy from the academy era"));
    }

    [Fact]
    public void Short_titles_are_checked_strictly_and_redaction_removes_them()
    {
        var guard = new TargetLeakGuard(new CatalogItem("5", "Up (2009)"));
        string text = "Could you look it up? Something upbeat, up to you.";
        Assert.True(guard.Leaks(text));

        string redacted = guard.Redact(text);
        Assert.False(guard.Leaks(redacted));
        Assert.Equal("Could you look it that one? Something upbeat, that one to you.", redacted);
    }

    [Fact]
    public void Redaction_keeps_text_that_does_not_leak()
    {
        var guard = new TargetLeakGuard(new CatalogItem("10", "Toy Story (1995)"));
        Assert.Equal("A comedy from the 1990s.", guard.Redact("A comedy from the 1990s."));
        Assert.Equal("I want that one and not Toy Soldiers.", guard.Redact("I want Toy Story and not Toy Soldiers."));
    }

    [Fact]
    public void A_replacement_that_would_leak_is_replaced_by_an_ellipsis()
    {
        var guard = new TargetLeakGuard(new CatalogItem("3", "That One (2001)"));
        string redacted = guard.Redact("I mean that one.");
        Assert.False(guard.Leaks(redacted));
        Assert.Equal("I mean ….", redacted);
    }
}
