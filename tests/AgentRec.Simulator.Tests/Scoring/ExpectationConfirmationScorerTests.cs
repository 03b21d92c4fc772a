using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Scoring;
using AgentRec.Simulator.Tests.TestSupport;
using AgentRec.Simulator.Users;
using Microsoft.Extensions.AI;

namespace AgentRec.Simulator.Tests.Scoring;

public sealed class ExpectationConfirmationScorerTests
{
    // Target: Toy Story — Animation, Comedy, Tom Hanks, John Lasseter, 1990s.
    private static readonly Persona User = Movies.Persona();

    private static UserTurn Says(string text, UserActionKind action = UserActionKind.RespondToClarification, params string[] accepted) =>
        new(action, text, string.Empty, accepted);

    private static AgentTurn Agent(AgentActionKind action, string message, params CatalogItem[] items) => new(action, message, items);

    /// <summary>A session that makes most mistakes once, with the deductions each turn deserves.</summary>
    private static readonly IReadOnlyList<ConversationTurn> Session =
    [
        new(0, Says("Hi! I'm looking for a comedy.", UserActionKind.Open), Agent(AgentActionKind.Ask, "What genre do you like?")),
        new(1, Says("Comedy, like I said."), Agent(AgentActionKind.Recommend, "You might like these.", Movies.Horror, Movies.Thriller)),
        new(2, Says("Not those. I want animation.", UserActionKind.ProvideFeedbackOnRecommendation), Agent(AgentActionKind.Recommend, "How about these?", Movies.Horror, Movies.OldComedy)),
        new(3, Says("No.", UserActionKind.ProvideFeedbackOnRecommendation), Agent(AgentActionKind.Response, " ")),
        new(4, Says("Hello?"), Agent(AgentActionKind.Ask, "Tell me more about what you like.")),
        new(5, Says("An animated comedy with Tom Hanks."), Agent(AgentActionKind.Ask, "Who is your favourite actor?")),
        new(6, Says("Tom Hanks, as I said."), Agent(AgentActionKind.Ask, "Who is your favourite actor?")),
        new(7, Says("Please just recommend something."), Agent(AgentActionKind.Recommend, "This one should be it.", Movies.Target)),
        new(8, Says("That's it, thanks!", UserActionKind.EndConversation, "10"), null),
    ];

    [Theory]
    [InlineData(0, 1.0, 0.0, 0.0, 4.0)] // asks for the genre the user just gave
    [InlineData(1, 0.0, 1.0, 0.0, 4.0)] // neither item is a comedy
    [InlineData(2, 0.0, 1.0, 1.0, 3.0)] // repeats the rejected, already shown horror film; half the items are comedies
    [InlineData(3, 0.5, 0.0, 2.0, 2.5)] // blank chat that ignores the feedback (capped at 2)
    [InlineData(4, 0.0, 0.0, 0.5, 4.5)] // an Ask without a question
    [InlineData(5, 1.0, 0.0, 0.0, 4.0)] // asks for the actor the user named
    [InlineData(6, 1.0, 0.0, 1.0, 3.0)] // same again, third question in a row (guidance capped at 1), word for word
    [InlineData(7, 0.0, 0.0, 0.0, 5.0)] // the target, which fits everything said
    public void Rules_give_exact_deductions(int position, double guidance, double flexibility, double coherence, double satisfaction)
    {
        TurnScore score = new ExpectationConfirmationScorer().Score(User, Session, position);
        Assert.Equal(position, score.TurnIndex);
        Assert.Equal(guidance, score.Guidance);
        Assert.Equal(flexibility, score.Flexibility);
        Assert.Equal(coherence, score.Coherence);
        Assert.Equal(satisfaction, score.Satisfaction);
        Assert.Equal(satisfaction == 5, score.Reasons.Count == 0);
        Assert.False(score.FromJudge);
    }

    [Fact]
    public void Reasons_explain_each_deduction()
    {
        var scorer = new ExpectationConfirmationScorer();
        Assert.Equal(["Guidance -1: asked about the genre again, which the user already stated."], scorer.Score(User, Session, 0).Reasons);
        Assert.Equal(["Flexibility -1: none of the 2 items has anything the user asked for (in the Comedy genre)."], scorer.Score(User, Session, 1).Reasons);
        Assert.Equal(
            ["Flexibility -1: showed items the user already rejected: Scream (1996).", "Coherence -1: showed items already shown: Scream (1996)."],
            scorer.Score(User, Session, 2).Reasons);
        Assert.Equal(
            ["Guidance -0.5: neither asked, searched nor recommended.", "Coherence -2: the message is empty.", "Coherence -1: did not act on the user's feedback."],
            scorer.Score(User, Session, 3).Reasons);
    }

    [Fact]
    public void A_session_is_scored_turn_by_turn()
    {
        IReadOnlyList<TurnScore> scores = new ExpectationConfirmationScorer().ScoreSession(User, Session);
        Assert.Equal(Enumerable.Range(0, 8), scores.Select(s => s.TurnIndex));
        Assert.Equal([4.0, 4.0, 3.0, 2.5, 4.5, 4.0, 3.0, 5.0], scores.Select(s => s.Satisfaction));
    }

    [Fact]
    public void Recommending_before_any_preference_and_garbled_text_are_deducted()
    {
        IReadOnlyList<ConversationTurn> transcript =
        [
            new(0, Says("Hi.", UserActionKind.Open), Agent(AgentActionKind.Recommend, "##### $$$ %%% !!!", Movies.SameGenre)),
        ];
        TurnScore score = new ExpectationConfirmationScorer().Score(User, transcript, 0);
        Assert.Equal((1.0, 0.0, 2.0), (score.Guidance, score.Flexibility, score.Coherence));
        Assert.Equal(2.0, score.Satisfaction);
    }

    [Fact]
    public void Items_with_what_the_user_turned_down_are_deducted()
    {
        CatalogItem horrorComedy = Movies.Movie("16", "Shaun of the Dead (2004)", 2004, "genre:Horror", "genre:Comedy");
        CatalogItem slasher = Movies.Movie("17", "Halloween (1978)", 1978, "genre:Horror");
        ConversationTurn first = new(0, Says("I'm looking for a comedy.", UserActionKind.Open), Agent(AgentActionKind.Recommend, "Try these.", Movies.Horror, Movies.SameGenre));
        UserTurn away = Says("Close, but nothing in the horror genre this time, please.", UserActionKind.ProvideFeedbackOnRecommendation);
        var scorer = new ExpectationConfirmationScorer();

        // One of two comedies is also a horror film: half a point.
        TurnScore some = scorer.Score(User, [first, new(1, away, Agent(AgentActionKind.Recommend, "Then these.", horrorComedy, Movies.OldComedy))], 1);
        Assert.Equal(0.5, some.Flexibility);
        Assert.Equal(["Flexibility -0.5: 1 of the 2 items has what the user turned down (in the Horror genre)."], some.Reasons);

        // Both are horror films: the full point.
        TurnScore most = scorer.Score(User, [first, new(1, away, Agent(AgentActionKind.Recommend, "Then these.", horrorComedy, slasher))], 1);
        Assert.Equal(1, most.Flexibility);
        Assert.Equal(["Flexibility -1: 2 of the 2 items have what the user turned down (in the Horror genre)."], most.Reasons);

        // Naming an attribute the target has is asking for it, not turning it down.
        UserTurn towards = Says("Close, the comedy part is right.", UserActionKind.ProvideFeedbackOnRecommendation);
        Assert.Equal(0, scorer.Score(User, [first, new(1, towards, Agent(AgentActionKind.Recommend, "Then these.", horrorComedy, Movies.OldComedy))], 1).Flexibility);

        // A horror film the user never spoke against is not deducted.
        UserTurn silent = Says("Not quite.", UserActionKind.ProvideFeedbackOnRecommendation);
        Assert.Equal(0, scorer.Score(User, [first, new(1, silent, Agent(AgentActionKind.Recommend, "Then these.", horrorComedy, Movies.OldComedy))], 1).Flexibility);
    }

    [Fact]
    public void Efficient_users_tire_of_questions_sooner()
    {
        IReadOnlyList<ConversationTurn> transcript =
        [
            new(0, Says("Hi, a movie please.", UserActionKind.Open), Agent(AgentActionKind.Ask, "What genre?")),
            new(1, Says("Comedy."), Agent(AgentActionKind.Ask, "Older or recent?")),
        ];
        Assert.Equal(0, new ExpectationConfirmationScorer().Score(Movies.Persona(efficiency: 0.5), transcript, 1).Guidance);
        Assert.Equal(0.5, new ExpectationConfirmationScorer().Score(Movies.Persona(efficiency: 0.9), transcript, 1).Guidance);
    }

    [Fact]
    public void Scoring_a_position_without_an_agent_turn_is_refused()
    {
        var scorer = new ExpectationConfirmationScorer();
        Assert.Throws<ArgumentException>(() => scorer.Score(User, Session, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(User, Session, 9));
    }

    [Fact]
    public void A_simulated_session_can_be_scored()
    {
        var user = new SimulatedUser(User);
        user.Open();
        user.Respond(Agent(AgentActionKind.Ask, "What genre do you like?"));
        user.Respond(Agent(AgentActionKind.Recommend, "Try these.", Movies.SameGenre, Movies.OldComedy));
        user.Respond(Agent(AgentActionKind.Recommend, "Then this.", Movies.Target));

        IReadOnlyList<TurnScore> scores = new ExpectationConfirmationScorer().ScoreSession(User, user.Transcript);
        Assert.Equal(3, scores.Count);
        Assert.Equal(5.0, scores[^1].Satisfaction);
    }

    [Fact]
    public async Task The_judge_verdict_is_used_when_it_is_valid()
    {
        var judge = new FakeChatClient((_, _) => """
            {"guidance": {"deduction": 0.5, "reason": "Asked too early."},
             "flexibility": {"deduction": 0, "reason": "Fine."},
             "coherence": {"deduction": 1.5, "reason": "Odd reply."}}
            """);
        var scorer = new ExpectationConfirmationScorer(judge: judge);
        TurnScore score = await scorer.ScoreAsync(User, Session, 1);

        Assert.True(score.FromJudge);
        Assert.Equal((0.5, 0.0, 1.5), (score.Guidance, score.Flexibility, score.Coherence));
        Assert.Equal(3.0, score.Satisfaction);
        Assert.Equal(["Guidance -0.5: Asked too early.", "Coherence -1.5: Odd reply."], score.Reasons);
        Assert.Equal(1, scorer.Statistics.Judged);

        var format = Assert.IsType<ChatResponseFormatJson>(judge.Requests[0].Options!.ResponseFormat);
        Assert.NotNull(format.Schema);
        string prompt = judge.Requests[0].Messages[^1].Text;
        Assert.Contains(">>> Assistant (the turn to judge) [Recommend]: You might like these. [shown: Scream (1996); Se7en (1995)]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Toy Story", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"guidance": {"deduction": 0, "reason": ""}, "flexibility": {"deduction": 3, "reason": ""}, "coherence": {"deduction": 0, "reason": ""}}""", "range")]
    [InlineData("""{"guidance": {"deduction": -1, "reason": ""}, "flexibility": {"deduction": 0, "reason": ""}, "coherence": {"deduction": 0, "reason": ""}}""", "range")]
    [InlineData("""{"guidance": {"deduction": 0, "reason": ""}, "flexibility": {"deduction": 0, "reason": ""}}""", "parse")]
    [InlineData("""{"guidance": {"deduction": "none", "reason": ""}, "flexibility": {"deduction": 0, "reason": ""}, "coherence": {"deduction": 0, "reason": ""}}""", "parse")]
    [InlineData("I would deduct one point.", "parse")]
    public async Task A_bad_verdict_falls_back_to_the_rules(string output, string kind)
    {
        var scorer = new ExpectationConfirmationScorer(judge: new FakeChatClient((_, _) => output));
        TurnScore score = await scorer.ScoreAsync(User, Session, 1);

        Assert.False(score.FromJudge);
        Assert.Equal((0.0, 1.0, 0.0), (score.Guidance, score.Flexibility, score.Coherence));
        Assert.Equal(kind == "range" ? 1 : 0, scorer.Statistics.RangeFallbacks);
        Assert.Equal(kind == "parse" ? 1 : 0, scorer.Statistics.ParseFallbacks);
    }

    [Fact]
    public async Task A_failing_judge_falls_back_and_is_counted()
    {
        var scorer = new ExpectationConfirmationScorer(judge: new FakeChatClient((_, _) => throw new TimeoutException("slow")));
        IReadOnlyList<TurnScore> scores = await scorer.ScoreSessionAsync(User, Session);
        Assert.Equal([4.0, 4.0, 3.0, 2.5, 4.5, 4.0, 3.0, 5.0], scores.Select(s => s.Satisfaction));
        Assert.Equal(8, scorer.Statistics.ErrorFallbacks);
    }
}
