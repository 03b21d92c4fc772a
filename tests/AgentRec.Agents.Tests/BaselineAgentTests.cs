using AgentRec.Agents.Baselines;
using AgentRec.Agents.Catalog;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Conversations;

namespace AgentRec.Agents.Tests;

public sealed class BaselineAgentTests
{
    [Fact]
    public async Task DefaultDataIsTheReDialCatalogAndDialogues()
    {
        var catalog = await AgentFixtures.CatalogAsync();
        Assert.Equal(6583, catalog.Count);
        Assert.Equal("Back to the Future", catalog.GetItem("100043").Title);
        Assert.Contains("genre:sci-fi", catalog.GetItem("100043").Attributes, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RetrievalOnlyRecommendsWhatTheUserAskedForThenMovesOn()
    {
        var search = await AgentFixtures.SearchAsync(count: 6583);
        var agent = new RetrievalOnlyAgent(search, itemsPerTurn: 3);
        var session = new AgentSession("r");
        var first = await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "star wars"));
        Assert.Equal(AgentActionKind.Recommend, first.Action);
        Assert.Equal(3, first.Items.Count);
        Assert.All(first.Items, item => Assert.Contains("Star Wars", item.Title + " " + item.Description, StringComparison.OrdinalIgnoreCase));

        var second = await agent.RespondAsync(session, new UserTurn(UserActionKind.ProvideFeedbackOnRecommendation, "star wars"));
        Assert.Empty(second.ItemIds.Intersect(first.ItemIds));
    }

    [Fact]
    public async Task PopularityFollowsCountsAndSkipsShownAndHistoryItems()
    {
        var catalog = (await AgentFixtures.SearchAsync(count: 50)).Catalog;
        var ids = catalog.Items.Select(i => i.Id).ToArray();
        var counts = new Dictionary<string, int> { [ids[5]] = 9, [ids[2]] = 7, [ids[9]] = 7, [ids[1]] = 1 };
        var agent = new HistoryOnlyAgent(new PopularityRecommender(catalog, counts), itemsPerTurn: 2);
        var session = new AgentSession("p", knownHistory: [ids[2]]);
        var first = await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "anything"));
        Assert.Equal([ids[5], ids[9]], first.ItemIds);
        var second = await agent.RespondAsync(session, new UserTurn(UserActionKind.ProvideFeedbackOnRecommendation, "more"));
        Assert.Equal([ids[1], ids[0]], second.ItemIds);
    }

    [Fact]
    public async Task FallbackFillsWhatThePrimaryLeavesEmptyWithoutRepeats()
    {
        var catalog = (await AgentFixtures.SearchAsync(count: 50)).Catalog;
        var ids = catalog.Items.Select(i => i.Id).ToArray();
        var counts = new Dictionary<string, int> { [ids[4]] = 9, [ids[7]] = 8, [ids[3]] = 5, [ids[8]] = 2 };
        var popularity = new PopularityRecommender(catalog, counts);

        // The primary knows only one item and ranks it first; popularity fills the rest, skipping it and the shown one.
        var primary = new FixedRecommender("seq", [new CatalogHit(catalog.GetItem(ids[7]), 1f)]);
        var agent = new HistoryOnlyAgent(new FallbackHistoryRecommender(primary, popularity), itemsPerTurn: 3);
        Assert.Equal("seq", agent.Name);
        var session = new AgentSession("f", knownHistory: [ids[0]]);
        var first = await agent.RespondAsync(session, new UserTurn(UserActionKind.Open, "anything"));
        Assert.Equal([ids[7], ids[4], ids[3]], first.ItemIds);

        // Cold start: the primary returns nothing, popularity answers alone.
        var cold = new FallbackHistoryRecommender(new FixedRecommender("seq", []), popularity);
        var hits = await cold.RecommendAsync([], 2, new HashSet<string> { ids[4] });
        Assert.Equal([ids[7], ids[3]], hits.Select(h => h.Item.Id));
    }

    private sealed class FixedRecommender(string name, IReadOnlyList<CatalogHit> hits) : IHistoryRecommender
    {
        public string Name => name;

        public Task<IReadOnlyList<CatalogHit>> RecommendAsync(IReadOnlyList<string> history, int top, IReadOnlySet<string> exclude, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CatalogHit>>([.. hits.Where(h => !exclude.Contains(h.Item.Id)).Take(top)]);
    }

    [Fact]
    public async Task ASessionRejectsAUserTurnBeforeTheAgentAnswered()
    {
        var session = new AgentSession("x");
        session.AddUserTurn(new UserTurn(UserActionKind.Open, "comedy"));
        var error = Assert.Throws<InvalidOperationException>(() => session.AddUserTurn(new UserTurn(UserActionKind.Open, "again")));
        Assert.Contains("'x'", error.Message);
        await Task.CompletedTask;
    }
}

public sealed class CatalogSearchTests
{
    [Fact]
    public async Task AQueryWithNoKnownWordFindsNothingInsteadOfFailing()
    {
        var cache = Path.Combine(Path.GetTempPath(), "agentrec-search-tests-" + Environment.ProcessId);
        var catalog = await AgentFixtures.CatalogAsync();
        var search = await CatalogSearchBuilder.BuildAsync(new AgentRec.Core.Catalog.ItemCatalog(catalog.Items.Take(300)), cache, dimensions: 32);
        Assert.Empty(await search.SearchAsync("qwxzv zzkq", 5));
        Assert.NotEmpty(await search.SearchAsync("comedy romance", 5));
    }
}
