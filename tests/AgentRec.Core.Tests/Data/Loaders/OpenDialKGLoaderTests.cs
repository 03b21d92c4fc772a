using AgentRec.Core.Catalog;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class OpenDialKGLoaderTests
{
    [SharedDataFact]
    public async Task Counts_match_the_readme()
    {
        var (dataset, report) = await SharedDatasets.OpenDialKG();
        Assert.Equal(3_672, dataset.Catalog.Count);
        Assert.Equal(1_113, dataset.Dialogues.Count);
        Assert.Equal(1_188, dataset.RecommendationPointCount);
        Assert.Equal(1_262, dataset.Dialogues.Sum(d => d.Turns.Sum(t => t.GoldItemIds.Count)));
        Assert.Equal(0, report.RowsSkipped);
    }

    [SharedDataFact]
    public async Task Items_have_years_and_distinct_people()
    {
        var (dataset, _) = await SharedDatasets.OpenDialKG();
        CatalogItem slumdog = dataset.Catalog.GetItem("0");
        Assert.Equal("Slumdog Millionaire", slumdog.Title);
        Assert.Equal(2008, slumdog.Year);
        Assert.Null(slumdog.Description);
        // The source repeats actors ("Anil Kapoor" twice); attributes keep each once, in order.
        Assert.Equal(
            ["actor:Freida Pinto", "actor:Anil Kapoor", "actor:Saurabh Shukla", "actor:Ayush Mahesh Khedekar", "actor:Irrfan Khan", "actor:Dev Patel"],
            slumdog.Attributes.Where(a => a.StartsWith("actor:", StringComparison.Ordinal)));
        Assert.Contains("language:Hindi Language", slumdog.Attributes);
        Assert.Equal(-500, dataset.Catalog.GetItem("3571").Year); // The Art of War
    }

    [SharedDataFact]
    public async Task Dialogues_resolve_gold_names_and_infer_roles_backwards()
    {
        var (dataset, _) = await SharedDatasets.OpenDialKG();
        RecommendationDialogue first = dataset.Dialogues[0];
        Assert.Equal("3", first.Id);
        Assert.Equal(["Could you recommend some movies similar to Fight Club?", "Sure, Panic Room is a similar movie"], first.Turns.Select(t => t.Text));
        Assert.Equal(["1174"], first.Turns[0].MentionedItemIds); // Fight Club
        Assert.Equal(["1023"], first.Turns[1].GoldItemIds);      // Panic Room

        // Dialogue 1155 has 4 context utterances before the response, so the recommender spoke first.
        RecommendationDialogue opened = dataset.Dialogues.Single(d => d.Id == "1155");
        Assert.Equal(
            [DialogueRole.Recommender, DialogueRole.User, DialogueRole.Recommender, DialogueRole.User, DialogueRole.Recommender],
            opened.Turns.Select(t => t.Role));
        Assert.Equal(["242"], opened.Turns[4].GoldItemIds); // Titanic
    }
}
