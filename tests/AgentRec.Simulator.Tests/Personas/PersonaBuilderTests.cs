using System.Text.Json;
using AgentRec.Core.Catalog;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Dialogues;
using AgentRec.Core.Users;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Tests.TestSupport;

namespace AgentRec.Simulator.Tests.Personas;

public sealed class PersonaBuilderTests
{
    [Fact]
    public void Preferences_weigh_recent_items_more_and_are_normalised_per_kind()
    {
        // History: Aladdin (index 2), then Forrest Gump (index 5); target Toy Story (index 1).
        var example = new SequenceExample("u7", [2, 5], 1);
        Persona persona = new PersonaBuilder().FromSequenceExample(example, Movies.Catalog, seed: 3, datasetName: "ml-100k");

        Assert.Equal("10", persona.Target.Id);
        Assert.Equal(["11", "14"], persona.History.Select(i => i.Id));
        Assert.Equal("movie", persona.ItemNoun);
        Assert.Equal("ml-100k:test", persona.Source);

        // Newest item weighs 1, the one before 0.9; genres: Drama 1, Animation 0.9, Comedy 0.9 of 2.8.
        string[] expected =
        [
            "genre:Drama=0.3571", "genre:Animation=0.3214", "genre:Comedy=0.3214",
            "decade:1990s=1", "actor:Tom Hanks=0.5263", "actor:Robin Williams=0.4737",
        ];
        Assert.Equal(expected, persona.Preferences.Select(p => $"{p.Attribute}={p.Weight}"));
        Assert.Equal(["Drama movies", "Animation movies", "movies from the 1990s", "movies starring Tom Hanks"], persona.Interests);
    }

    [Fact]
    public void The_same_seed_gives_the_same_persona_and_another_seed_other_traits()
    {
        var builder = new PersonaBuilder();
        var example = new SequenceExample("u7", [2, 5, 3], 1);
        string first = Json(builder.FromSequenceExample(example, Movies.Catalog, seed: 11));
        string again = Json(builder.FromSequenceExample(example, Movies.Catalog, seed: 11));
        Assert.Equal(first, again);

        string[] others = [.. Enumerable.Range(12, 5).Select(seed => Json(builder.FromSequenceExample(example, Movies.Catalog, seed)))];
        Assert.All(others, other => Assert.NotEqual(first, other));
    }

    [Fact]
    public void Profiles_become_activities()
    {
        var profile = new UserProfile("u7", new Dictionary<string, string> { ["occupation"] = "engineer", ["age"] = "31" });
        Persona persona = new PersonaBuilder().FromSequenceExample(new SequenceExample("u7", [2], 1), Movies.Catalog, 1, "ml-100k", profile);
        Assert.Equal("works as an engineer", persona.Activities[0]);
        Assert.Equal("is 31 years old", persona.Activities[1]);
        Assert.Equal(4, persona.Activities.Count);
    }

    [Fact]
    public void An_index_outside_the_catalog_is_named()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new PersonaBuilder().FromSequenceExample(new SequenceExample("u9", [2, 99], 1), Movies.Catalog, 1));
        Assert.Contains("u9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("history[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonaBuilder(new PersonaBuilderOptions { RecencyDecay = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonaBuilder(new PersonaBuilderOptions { MaxHistory = 0 }));
    }

    [SharedDataFact]
    public async Task MovieLens_test_users_become_personas_with_their_held_out_item()
    {
        LeaveOneOutSplit split = await SharedDatasets.MovieLensSplit();
        IReadOnlyList<Persona> personas = new PersonaBuilder().FromSplit(split, 25, seed: 5);

        Assert.Equal(25, personas.Count);
        Assert.Equal(25, personas.Select(p => p.UserId).Distinct().Count());
        foreach (Persona persona in personas)
        {
            SequenceExample example = split.Test.Single(e => e.UserId == persona.UserId);
            Assert.Equal(split.Dataset.Catalog.ItemAt(example.Target).Id, persona.Target.Id);
            Assert.Equal(Math.Min(example.History.Count, 50), persona.History.Count);
            Assert.Equal(split.Dataset.Catalog.ItemAt(example.History[^1]).Id, persona.History[^1].Id);
            Assert.Equal("movie", persona.ItemNoun);

            List<AttributePreference> genres = [.. persona.Preferences.Where(p => p.Kind == ItemAttribute.Genre)];
            Assert.InRange(genres.Count, 1, 5);
            Assert.True(genres.Zip(genres.Skip(1)).All(pair => pair.First.Weight >= pair.Second.Weight), "genres strongest first");
            Assert.InRange(genres.Sum(g => g.Weight), 0.3, 1.0001);

            // MovieLens has occupations and ages for every user.
            Assert.Contains(persona.Activities, a => a.StartsWith("is ", StringComparison.Ordinal) && a.EndsWith(" years old", StringComparison.Ordinal));
        }

        // Same seed, same sample; another seed, another sample.
        Assert.Equal(personas.Select(p => p.UserId), new PersonaBuilder().FromSplit(split, 25, seed: 5).Select(p => p.UserId));
        Assert.NotEqual(personas.Select(p => p.UserId), new PersonaBuilder().FromSplit(split, 25, seed: 6).Select(p => p.UserId));
    }

    [SharedDataFact]
    public async Task ReDial_seekers_become_personas_with_an_unmentioned_gold_target()
    {
        DialogueDataset redial = await SharedDatasets.Redial();
        var builder = new PersonaBuilder();
        RecommendationDialogue first = redial.Dialogues.Single(d => d.Id == "20001");

        // Turn 1: "Hi I am looking for a movie like Super Troopers (2001)" → "You should watch Police Academy (1984)".
        Persona opening = builder.FromDialogue(first, 1, redial.Catalog, seed: 1)!;
        Assert.Equal("Police Academy (1984)", opening.Target.Title);
        Assert.Equal(["Super Troopers (2001)"], opening.History.Select(i => i.Title));
        Assert.Equal("20001#1", opening.UserId);
        Assert.Equal("movie", opening.ItemNoun);

        // Turn 3 recommends Police Academy again plus its sequel: only the sequel is still to discover.
        Persona later = builder.FromDialogue(first, 3, redial.Catalog, seed: 1)!;
        Assert.Equal("Police Academy 2: Their First Assignment (1985)", later.Target.Title);

        Assert.Throws<ArgumentException>(() => builder.FromDialogue(first, 0, redial.Catalog, seed: 1));

        IReadOnlyList<Persona> personas = builder.FromDialogues(redial, 30, seed: 9);
        Assert.Equal(30, personas.Count);
        foreach (Persona persona in personas)
        {
            string[] parts = persona.UserId.Split('#');
            RecommendationDialogue dialogue = redial.Dialogues.Single(d => d.Id == parts[0]);
            int point = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(persona.Target.Id, dialogue.Turns[point].GoldItemIds);
            Assert.DoesNotContain(dialogue.ContextBefore(point), t => t.MentionedItemIds.Contains(persona.Target.Id));
            string[] seekerMentions = [.. dialogue.ContextBefore(point).Where(t => t.Role == DialogueRole.User).SelectMany(t => t.MentionedItemIds).Distinct()];
            Assert.Equal(seekerMentions, persona.History.Select(i => i.Id));
            Assert.NotEmpty(persona.Target.Attributes);
        }

        Assert.Equal(Json(personas[0]), Json(builder.FromDialogues(redial, 1, seed: 9)[0]));
    }

    private static string Json(Persona persona) => JsonSerializer.Serialize(persona);
}
