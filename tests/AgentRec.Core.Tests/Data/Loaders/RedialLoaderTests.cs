using AgentRec.Core.Catalog;
using AgentRec.Core.Data;
using AgentRec.Core.Data.Loaders;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Tests.TestSupport;

namespace AgentRec.Core.Tests.Data.Loaders;

public sealed class RedialLoaderTests
{
    [SharedDataFact]
    public async Task Counts_match_the_readme()
    {
        var (dataset, report) = await SharedDatasets.Redial();
        Assert.Equal(6_583, dataset.Catalog.Count);
        Assert.Equal(1_318, dataset.Dialogues.Count);
        Assert.Equal(3_341, dataset.RecommendationPointCount);
        Assert.Equal(4_499, dataset.Dialogues.Sum(d => d.Turns.Sum(t => t.GoldItemIds.Count)));
        Assert.Equal(6_583 + 3_341, report.RowsRead);
        Assert.Equal(0, report.RowsSkipped);
    }

    [SharedDataFact]
    public async Task Movies_carry_plot_genres_people_and_imdb_id()
    {
        var (dataset, _) = await SharedDatasets.Redial();
        CatalogItem pari = dataset.Catalog.GetItem("100026");
        Assert.Equal(1, dataset.Catalog.GetIndex("100026"));
        Assert.Equal("Pari (1995)", pari.Title);
        Assert.Equal(1995, pari.Year);
        Assert.StartsWith("Haunted by a book found in her dead brother's room", pari.Description);
        Assert.Equal(
            ["genre:drama", "genre:romance", "director:Dariush Mehrjui", "writer:J.D. Salinger", "writer:Dariush Mehrjui",
             "actor:Niki Karimi", "actor:Khosro Shakibai", "actor:Ali Mosaffa"],
            pari.Attributes);
        Assert.Equal("tt0114092", pari.Metadata["imdb_id"]);
    }

    [SharedDataFact]
    public async Task First_dialogue_is_merged_with_roles_mentions_and_gold_items()
    {
        var (dataset, _) = await SharedDatasets.Redial();
        RecommendationDialogue dialogue = dataset.Dialogues[0];
        Assert.Equal("20001", dialogue.Id);
        Assert.Equal(12, dialogue.Turns.Count);
        Assert.Equal([1, 3, 7, 9, 11], dialogue.RecommendationPoints());
        Assert.All(dialogue.Turns.Where((_, i) => i % 2 == 0), t => Assert.Equal(DialogueRole.User, t.Role));
        Assert.All(dialogue.Turns.Where((_, i) => i % 2 == 1), t => Assert.Equal(DialogueRole.Recommender, t.Role));

        Assert.Equal("Hi I am looking for a movie like Super Troopers (2001)", dialogue.Turns[0].Text);
        Assert.Equal(["111776"], dialogue.Turns[0].MentionedItemIds); // Super Troopers (2001)
        Assert.Equal("You should watch Police Academy (1984)", dialogue.Turns[1].Text);
        Assert.Equal(["151656"], dialogue.Turns[1].GoldItemIds);       // Police Academy (1984)
        // "American Pie" and "American Pie (1999)" are two catalog entries; "Eve" (inside "never") is not a movie.
        Assert.Equal(["192131", "134643"], dialogue.Turns[2].MentionedItemIds);
        Assert.Equal(["151656", "94688"], dialogue.Turns[3].GoldItemIds);
        Assert.Empty(dialogue.Turns[4].GoldItemIds);
        Assert.Equal("you are welcome and also 48 Hrs. (1982)", dialogue.Turns[11].Text);

        Assert.Equal(
            ["Super Troopers (2001)", "Police Academy (1984)", "Eve", "American Pie", "American Pie (1999)",
             "Police Academy 2: Their First Assignment (1985)", "Lethal Weapon (1987)", "Beverly Hills Cop (1984)"],
            dialogue.MentionedEntities);
        Assert.Equal(3, dialogue.ContextBefore(3).Count);
    }

    [SharedDataFact]
    public async Task Recommender_opened_dialogue_keeps_the_empty_first_user_turn()
    {
        var (dataset, _) = await SharedDatasets.Redial();
        RecommendationDialogue dialogue = dataset.Dialogues.Single(d => d.Id == "20041");
        Assert.Equal(16, dialogue.Turns.Count);
        Assert.Equal(DialogueRole.User, dialogue.Turns[0].Role);
        Assert.Equal(string.Empty, dialogue.Turns[0].Text);
        Assert.Equal("Hello!", dialogue.Turns[1].Text);
        Assert.Equal(DialogueRole.Recommender, dialogue.Turns[1].Role);
        Assert.Equal([5, 9, 15], dialogue.RecommendationPoints());
    }

    [SharedDataFact]
    public async Task Duplicate_titles_resolve_to_the_first_id()
    {
        var (dataset, _) = await SharedDatasets.Redial();
        // "Frozen (2010)" is listed as 123210 and 151348 (same IMDb id); gold turns use the first.
        RecommendationDialogue dialogue = dataset.Dialogues.Single(d => d.Id == "22917");
        Assert.Contains("123210", dialogue.Turns[1].GoldItemIds);
        Assert.DoesNotContain(dataset.Dialogues.SelectMany(d => d.Turns), t => t.GoldItemIds.Contains("151348"));
    }

    private static (string Dialogues, string Catalog) WriteFixture(TempFolder temp, params string[] rows)
    {
        string catalog = temp.Write("id2info.json",
            "{\"1\": {\"name\": \"Alien (1979)\", \"genre\": [\"horror\"], \"plot\": \"\", \"director\": [], \"writer\": [], \"star\": [], \"imdb_id\": \"tt1\"}," +
            " \"2\": {\"name\": \"Heat (1995)\", \"genre\": [], \"plot\": \"Cops.\", \"director\": [], \"writer\": [], \"star\": [], \"imdb_id\": \"tt2\"}}");
        string dialogues = temp.Write("dialogues.jsonl", string.Join("\n", rows) + "\n");
        return (dialogues, catalog);
    }

    [Fact]
    public async Task Unknown_gold_name_names_line_and_field()
    {
        using var temp = new TempFolder();
        var (dialogues, catalog) = WriteFixture(temp,
            """{"dialog_id": "1", "turn_id": 1, "context": ["hi"], "entity": [], "rec": ["Alien (1979)"], "resp": "Alien (1979)"}""",
            """{"dialog_id": "2", "turn_id": 1, "context": ["hi"], "entity": [], "rec": ["Heat (1995)", "Nope (2022)"], "resp": "x"}""");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => RedialLoader.LoadAsync(dialogues, catalog));
        Assert.Equal("dialogues.jsonl line 2: field 'rec[1]' = 'Nope (2022)' is not the name of any catalog item", error.Message);
        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public async Task Inconsistent_context_and_bad_json_are_skipped_and_reported()
    {
        using var temp = new TempFolder();
        var (dialogues, catalog) = WriteFixture(temp,
            """{"dialog_id": "1", "turn_id": 1, "context": ["hi"], "entity": [], "rec": ["Alien (1979)"], "resp": "Try Alien (1979)"}""",
            """{"dialog_id": "1", "turn_id": 3, "context": ["HELLO", "Try Alien (1979)", "more?"], "entity": [], "rec": ["Heat (1995)"], "resp": "Heat (1995)"}""",
            """{"dialog_id": "1", "turn_id": 3, "context": ["hi", "Try Alien (1979)", "more?"], "entity": ["Alien (1979)"], "rec": ["Heat (1995)"], "resp": "Heat (1995) too"}""",
            """{"dialog_id": "2", "turn_id": 1, "context": ["hi"], "entity": [], """,
            """{"dialog_id": "3", "turn_id": 1, "context": ["hi"], "entity": [], "rec": "Heat (1995)", "resp": "x"}""");
        var (dataset, report) = await RedialLoader.LoadAsync(dialogues, catalog, new LoadOptions { SkipInvalidRows = true });

        Assert.Equal(3, report.RowsSkipped);
        Assert.Equal(2 + 5, report.RowsRead);
        Assert.Equal("dialogues.jsonl line 2: field 'context[0]' = 'HELLO' differs from utterance 0 given by earlier rows of dialogue 1", report.SkipReasons[0]);
        Assert.StartsWith("dialogues.jsonl line 4: is not valid JSON", report.SkipReasons[1]);
        Assert.Equal("dialogues.jsonl line 5: field 'rec' = '\"Heat (1995)\"' is not an array of strings", report.SkipReasons[2]);

        RecommendationDialogue dialogue = Assert.Single(dataset.Dialogues);
        Assert.Equal(["hi", "Try Alien (1979)", "more?", "Heat (1995) too"], dialogue.Turns.Select(t => t.Text));
        Assert.Equal([1, 3], dialogue.RecommendationPoints());
        Assert.Equal(["1"], dialogue.Turns[1].MentionedItemIds);
        Assert.Equal(["2"], dialogue.Turns[3].GoldItemIds);
        Assert.Null(dataset.Catalog.GetItem("1").Description); // empty plot
    }

    [Fact]
    public async Task Bad_catalog_entry_names_the_id()
    {
        using var temp = new TempFolder();
        string catalog = temp.Write("id2info.json", "{\"7\": {\"name\": \"X (2000)\", \"genre\": \"drama\"}}");
        var error = await Assert.ThrowsAsync<DataFormatException>(() => RedialLoader.LoadCatalogAsync(catalog));
        Assert.Equal("id2info.json line 1: field '7.genre' = '\"drama\"' is not an array of strings", error.Message);
    }
}
