using AgentRec.Core.Catalog;
using AgentRec.Core.Interactions;
using AgentRec.Retrieval.Embeddings;
using Microsoft.Extensions.AI;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class UserSummaryBuilderTests
{
    private static readonly ItemCatalog Catalog = new(
    [
        new CatalogItem("1", "Heat (1995)") { Attributes = ["genre:Crime", "genre:Thriller", "director:Michael Mann"] },
        new CatalogItem("2", "Collateral (2004)") { Attributes = ["genre:Crime", "genre:Drama", "director:Michael Mann"] },
        new CatalogItem("3", "Fargo (1996)") { Attributes = ["genre:Crime", "genre:Comedy"] },
        new CatalogItem("4") { Attributes = ["attr:12", "attr:40"] },
    ]);

    [Fact]
    public void DescribesFrequentAttributesAndRecentTitles()
    {
        var builder = new UserSummaryBuilder(Catalog);

        string summary = builder.Describe([1, 2, 3, 4]);

        Assert.Equal(
            "Chose 4 items. Genres: Crime (3), Comedy, Drama, Thriller. Directors: Michael Mann (2). Attributes: attr:12, attr:40. " +
            "Recent: Item 4; Fargo (1996); Collateral (2004); Heat (1995).",
            summary);
        Assert.False(builder.UsesChatModel);
    }

    [Fact]
    public void SummariesStayWithinTheWordLimit()
    {
        var builder = new UserSummaryBuilder(Catalog, options: new UserSummaryOptions { MaxWords = 6 });

        Assert.Equal("Chose 2 items. Genres: Crime (2),", builder.Describe([1, 3]));
        Assert.Equal("one two three", UserSummaryBuilder.LimitWords("  one\ntwo   three ", 5));
    }

    [Fact]
    public async Task AChatModelWritesTheSummaryFromTheItems()
    {
        var chat = new ScriptedChatClient(_ => "Likes tense crime stories by Michael Mann, " + string.Join(' ', Enumerable.Repeat("very", 200)));
        var builder = new UserSummaryBuilder(Catalog, chat);

        string summary = await builder.SummarizeAsync([1, 2]);

        Assert.StartsWith("Likes tense crime stories by Michael Mann,", summary, StringComparison.Ordinal);
        Assert.Equal(100, summary.Split(' ').Length);
        IReadOnlyList<ChatMessage> request = Assert.Single(chat.Requests);
        Assert.Equal(ChatRole.System, request[0].Role);
        Assert.Contains("at most 100 words", request[0].Text, StringComparison.Ordinal);
        Assert.Contains("- Heat (1995). Genres: Crime, Thriller. Directors: Michael Mann.", request[1].Text, StringComparison.Ordinal);
        Assert.Contains("Collateral (2004)", request[1].Text, StringComparison.Ordinal);
        Assert.Equal(0f, chat.Options[0]!.Temperature);
    }

    [Fact]
    public async Task AnEmptyAnswerFallsBackToTheDeterministicSummary()
    {
        var builder = new UserSummaryBuilder(Catalog, new ScriptedChatClient(_ => "   "));

        Assert.Equal(builder.Describe([3]), await builder.SummarizeAsync([3]));
    }

    [Fact]
    public async Task SummarizesEveryUserInOrder()
    {
        var chat = new ScriptedChatClient(request => request[1].Text!.Contains("Fargo", StringComparison.Ordinal) ? "fargo fan" : "other");
        var builder = new UserSummaryBuilder(Catalog, chat, new UserSummaryOptions { MaxConcurrentRequests = 3 });
        UserSequence[] users = [new("u1", [1]), new("u2", [3]), new("u3", [2, 3]), new("u4", [4])];
        int reports = 0;

        IReadOnlyList<string> summaries = await builder.SummarizeAllAsync(users, new Progress<int>(_ => Interlocked.Increment(ref reports)));

        Assert.Equal(["other", "fargo fan", "fargo fan", "other"], summaries);
        Assert.Equal(4, chat.Requests.Count);
    }

    [Fact]
    public void RejectsIndicesOutsideTheCatalog()
    {
        var builder = new UserSummaryBuilder(Catalog);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Describe([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Describe([5]));
    }
}
