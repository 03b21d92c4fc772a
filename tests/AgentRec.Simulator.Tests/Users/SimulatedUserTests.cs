using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Tests.TestSupport;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Tests.Users;

public sealed class SimulatedUserTests
{
    private static AgentTurn Ask(string question) => new(AgentActionKind.Ask, question, []);

    private static AgentTurn Recommend(params CatalogItem[] items) => new(AgentActionKind.Recommend, "Here you go.", items);

    [Fact]
    public void The_opening_describes_the_target_by_its_strongest_fact_and_a_liked_movie()
    {
        var user = new SimulatedUser(Movies.Persona());
        UserTurn open = user.Open();

        Assert.Equal(UserActionKind.Open, open.Action);
        Assert.Contains("Comedy", open.Response, StringComparison.Ordinal);
        Assert.Contains("Aladdin (1992)", open.Response, StringComparison.Ordinal);
        Assert.DoesNotContain("Toy Story", open.Response, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(open.AcceptedItemIds);
        Assert.Single(user.Transcript);
        Assert.Null(user.Transcript[0].Agent);
    }

    [Fact]
    public void Recommending_the_target_ends_the_session_with_it_accepted()
    {
        var user = new SimulatedUser(Movies.Persona());
        user.Open();
        UserTurn reply = user.Respond(Recommend(Movies.Horror, Movies.Target, Movies.Drama));

        Assert.Equal(UserActionKind.EndConversation, reply.Action);
        Assert.Equal(["10"], reply.AcceptedItemIds);
        Assert.Contains("second", reply.Response, StringComparison.Ordinal);
        Assert.Equal(SessionOutcome.Accepted, user.Outcome);
        Assert.True(user.IsFinished);
        Assert.Equal(2, user.Transcript.Count);
        Assert.Same(reply, user.Transcript[1].User);
        Assert.NotNull(user.Transcript[0].Agent);
        Assert.Throws<InvalidOperationException>(() => user.Respond(Recommend(Movies.Target)));
    }

    [Fact]
    public void A_target_below_the_considered_items_is_missed()
    {
        var user = new SimulatedUser(Movies.Persona(), new SimulatorOptions { MaxItemsConsidered = 2 });
        user.Open();
        UserTurn reply = user.Respond(Recommend(Movies.Horror, Movies.Drama, Movies.Target));
        Assert.Equal(UserActionKind.ProvideFeedbackOnRecommendation, reply.Action);
        Assert.Empty(reply.AcceptedItemIds);
        Assert.Equal(SessionOutcome.InProgress, user.Outcome);
    }

    [Fact]
    public void Questions_are_answered_from_the_target_a_fact_at_a_time()
    {
        var user = new SimulatedUser(Movies.Persona());
        user.Open();

        UserTurn genre = user.Respond(Ask("What genre do you like?"));
        Assert.Equal(UserActionKind.RespondToClarification, genre.Action);
        Assert.Contains("Animation", genre.Response, StringComparison.Ordinal);

        UserTurn cast = user.Respond(Ask("Any favourite actors?"));
        Assert.Contains("Tom Hanks", cast.Response, StringComparison.Ordinal);

        // All genres are told: asked again, the user repeats them.
        UserTurn again = user.Respond(Ask("Which genre again?"));
        Assert.Contains("Comedy", again.Response, StringComparison.Ordinal);
        Assert.Contains("Animation", again.Response, StringComparison.Ordinal);
        Assert.Contains("asked again", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_about_a_kind_the_target_lacks_gets_no_preference_and_the_next_detail()
    {
        var user = new SimulatedUser(Movies.Persona(target: Movies.Horror));
        user.Open();
        UserTurn reply = user.Respond(Ask("Who should write it?"));
        Assert.Contains("writer", reply.Response, StringComparison.Ordinal);
        Assert.Contains("1990s", reply.Response, StringComparison.Ordinal);

        var other = new SimulatedUser(Movies.Persona());
        other.Open();
        Assert.Contains("John Lasseter", other.Respond(Ask("Who should direct it?")).Response, StringComparison.Ordinal);
    }

    [Fact]
    public void Feedback_says_what_is_wrong_and_adds_a_detail()
    {
        var user = new SimulatedUser(Movies.Persona());
        user.Open();
        UserTurn reply = user.Respond(Recommend(Movies.Horror));

        Assert.Equal(UserActionKind.ProvideFeedbackOnRecommendation, reply.Action);
        Assert.Contains("Horror", reply.Response, StringComparison.Ordinal);
        Assert.Contains("Animation", reply.Response, StringComparison.Ordinal);
        Assert.Contains("not among the one items", reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Feedback_names_what_is_right_when_shown_items_share_the_target_facts()
    {
        var user = new SimulatedUser(Movies.Persona());
        user.Open();
        UserTurn reply = user.Respond(Recommend(Movies.SameGenre, Movies.Horror));
        Assert.Contains("genre", reply.Response, StringComparison.Ordinal);
        Assert.Contains("first", reply.Response, StringComparison.Ordinal);
    }

    [Fact]
    public void Efficient_users_give_up_sooner_than_patient_ones()
    {
        int Turns(double efficiency)
        {
            var user = new SimulatedUser(Movies.Persona(efficiency: efficiency, exploration: 0));
            user.Open();
            int turns = 0;
            while (!user.IsFinished)
            {
                turns++;
                user.Respond(Ask("What genre do you like?"));
            }

            Assert.Equal(SessionOutcome.GaveUp, user.Outcome);
            Assert.Equal(UserActionKind.EndConversation, user.Transcript[^1].User.Action);
            Assert.Empty(user.Transcript[^1].User.AcceptedItemIds);
            return turns;
        }

        Assert.Equal(4, Turns(1.0));
        Assert.Equal(8, Turns(0.0));
    }

    [Fact]
    public void Repeating_rejected_items_costs_extra_patience()
    {
        var user = new SimulatedUser(Movies.Persona(efficiency: 1.0, exploration: 0));
        user.Open();
        Assert.Equal(4, user.TurnLimit);
        Assert.Equal(UserActionKind.ProvideFeedbackOnRecommendation, user.Respond(Recommend(Movies.Horror)).Action);
        UserTurn second = user.Respond(Recommend(Movies.Horror));
        Assert.Contains("already", second.Response, StringComparison.Ordinal);
        UserTurn third = user.Respond(Recommend(Movies.Horror));
        Assert.Equal(UserActionKind.EndConversation, third.Action);
        Assert.Equal(3, user.AgentTurnCount);
    }

    [Fact]
    public void A_session_is_deterministic_for_a_seed()
    {
        string Run(int seed)
        {
            var user = new SimulatedUser(Movies.Persona(verbosity: 0.9, typoRate: 0.2), new SimulatorOptions { Seed = seed });
            var agent = new ScriptedAgent(Movies.Catalog, 4);
            var lines = new List<string> { user.Open().Response };
            while (!user.IsFinished)
            {
                UserTurn turn = user.Respond(agent.Next(Movies.Target.Id));
                lines.Add($"{turn.Action}|{turn.Reason}|{turn.Response}");
            }

            return string.Join('\n', lines);
        }

        Assert.Equal(Run(1), Run(1));
        Assert.Contains(Enumerable.Range(2, 6), seed => Run(seed) != Run(1));
    }

    [Fact]
    public void Typos_touch_ordinary_words_but_never_the_facts()
    {
        var clean = new SimulatedUser(Movies.Persona(typoRate: 0));
        var sloppy = new SimulatedUser(Movies.Persona(typoRate: 0.5));
        string plain = clean.Open().Response;
        string typed = sloppy.Open().Response;
        Assert.NotEqual(plain, typed);
        Assert.Equal(plain.Length, typed.Length);
        Assert.Contains("Comedy", typed, StringComparison.Ordinal);
        Assert.Contains("Aladdin (1992)", typed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_persona_configured_to_reveal_the_target_names_it()
    {
        var user = new SimulatedUser(Movies.Persona() with { RevealsTarget = true });
        UserTurn open = user.Open();
        Assert.Contains("Toy Story (1995)", open.Response, StringComparison.Ordinal);

        var hidden = new SimulatedUser(Movies.Persona());
        Assert.DoesNotContain("Toy Story", hidden.Open().Response, StringComparison.Ordinal);
    }

    [Fact]
    public void Misuse_is_reported()
    {
        var user = new SimulatedUser(Movies.Persona());
        Assert.Throws<InvalidOperationException>(() => user.Respond(Ask("Hi?")));
        user.Open();
        Assert.Throws<InvalidOperationException>(() => user.Open());
        Assert.Throws<ArgumentNullException>(() => user.Respond(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedUser(Movies.Persona(), new SimulatorOptions { MaxTurns = 2 }));
    }

    [Fact]
    public void Short_and_common_word_titles_and_numeric_ids_never_appear()
    {
        CatalogItem[] targets =
        [
            Movies.Movie("1", "Up (2009)", 2009, "genre:Animation", "genre:Adventure", "actor:Ed Asner"),
            Movies.Movie("2", "It (2017)", 2017, "genre:Horror", "actor:Bill Skarsgard"),
            Movies.Movie("3", "The One (2001)", 2001, "genre:Action", "actor:Jet Li"),
            Movies.Movie("4", "Fun (1994)", 1994, "genre:Drama"),
            Movies.Movie("5", "Some Like It Hot (1959)", 1959, "genre:Comedy", "actor:Marilyn Monroe"),
        ];
        var catalog = new ItemCatalog([.. targets, Movies.Horror, Movies.Drama, Movies.SameGenre, Movies.Thriller]);
        int responses = 0;
        foreach (CatalogItem target in targets)
        {
            for (int seed = 0; seed < 10; seed++)
            {
                Persona persona = Movies.Persona(target, efficiency: seed / 10.0, detail: seed % 3 / 2.0, verbosity: seed % 4 / 3.0,
                    formality: seed % 2, typoRate: seed % 5 == 0 ? 0.1 : 0, seed: seed, history: [Movies.SameGenre, targets[(seed + 1) % targets.Length]]);
                foreach (UserTurn turn in Session(persona, catalog, seed))
                {
                    responses++;
                    LeakAssert.DoesNotName(target, turn.Response);
                    LeakAssert.DoesNotName(target, turn.Reason);
                }
            }
        }

        Assert.True(responses >= 200, $"only {responses} responses");
    }

    internal static List<UserTurn> Session(Persona persona, ItemCatalog catalog, int seed, SimulatorOptions? options = null)
    {
        var user = new SimulatedUser(persona, options ?? new SimulatorOptions { Seed = seed });
        var agent = new ScriptedAgent(catalog, seed);
        var turns = new List<UserTurn> { user.Open() };
        while (!user.IsFinished)
        {
            turns.Add(user.Respond(agent.Next(persona.Target.Id)));
        }

        return turns;
    }
}
