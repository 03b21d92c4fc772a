using AgentRec.Core.Conversations;
using AgentRec.Core.Data.Splits;
using AgentRec.Core.Dialogues;
using AgentRec.Simulator.Personas;
using AgentRec.Simulator.Tests.TestSupport;
using AgentRec.Simulator.Users;

namespace AgentRec.Simulator.Tests.Users;

public sealed class SimulatedUserRealDataTests
{
    [SharedDataFact]
    public async Task MovieLens_users_never_name_their_target_over_many_seeds()
    {
        LeaveOneOutSplit split = await SharedDatasets.MovieLensSplit();
        int responses = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            foreach (Persona persona in new PersonaBuilder().FromSplit(split, 6, seed))
            {
                foreach (UserTurn turn in SimulatedUserTests.Session(persona, split.Dataset.Catalog, seed))
                {
                    responses++;
                    LeakAssert.DoesNotName(persona.Target, turn.Response);
                    LeakAssert.DoesNotName(persona.Target, turn.Reason);
                }
            }
        }

        Assert.True(responses >= 200, $"only {responses} responses");
    }

    [SharedDataFact]
    public async Task ReDial_users_never_name_their_target_over_many_seeds()
    {
        DialogueDataset redial = await SharedDatasets.Redial();
        int responses = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            foreach (Persona persona in new PersonaBuilder().FromDialogues(redial, 6, seed))
            {
                foreach (UserTurn turn in SimulatedUserTests.Session(persona, redial.Catalog, seed))
                {
                    responses++;
                    LeakAssert.DoesNotName(persona.Target, turn.Response);
                    LeakAssert.DoesNotName(persona.Target, turn.Reason);
                }
            }
        }

        Assert.True(responses >= 200, $"only {responses} responses");
    }

    [SharedDataFact]
    public async Task A_ReDial_user_who_is_shown_the_gold_movie_accepts_it()
    {
        DialogueDataset redial = await SharedDatasets.Redial();
        Persona persona = new PersonaBuilder().FromDialogues(redial, 1, seed: 2)[0];
        var user = new SimulatedUser(persona);
        UserTurn open = user.Open();
        Assert.Contains(ItemFactsText(persona), open.Response, StringComparison.Ordinal);

        UserTurn reply = user.Respond(new AgentTurn(AgentActionKind.Recommend, "Try this one.", [persona.Target]));
        Assert.Equal(UserActionKind.EndConversation, reply.Action);
        Assert.Equal([persona.Target.Id], reply.AcceptedItemIds);
        Assert.Equal(SessionOutcome.Accepted, user.Outcome);
    }

    // ReDial genres are the broadest facts, so the opening names the first one the user's history favours, or the first listed.
    private static string ItemFactsText(Persona persona)
    {
        string[] genres = [.. persona.Target.Attributes.Where(a => a.StartsWith("genre:", StringComparison.Ordinal)).Select(a => a[6..])];
        return genres.OrderByDescending(g => persona.PreferenceFor("genre:" + g)).ThenBy(g => Array.IndexOf(genres, g)).First();
    }
}
